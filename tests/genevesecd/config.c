// SPDX-License-Identifier: GPL-2.0
/*
 * genevesecd's configuration file (tools/genevesecd/config.c): what a file
 * sets, the defaults a peer takes from the device's section and from the
 * command line's, each refusal with its line, and what counts as a change
 * on a reload.
 */
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "tap.h"

static const char good[] =
	"# two peers on gs1\n"
	"key = /etc/genevesec/gs1.key\n"
	"device = gs1\n"
	"rekey-interval = 60\n"
	"control-port = 7000\n"
	"\n"
	"[peer]\n"
	"endpoint = 192.0.2.2:6081\n"
	"peer-key = MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n"
	"vni = 12\n"
	"allowed-route = 10.0.1.0/24=10.0.2.0/24\n"
	"  allowed-route=10.0.1.0/24=10.0.3.0/24  \n"
	"[peer]\n"
	"endpoint = [2001:db8::3]:6081\n"
	"peer-key = /etc/genevesec/h3.pub\n"
	"vni = 13\n"
	"rekey-interval = 30\n"
	"peer-control-port = 7001\n";

/* @text must be refused, with @why (a prefix) as the reason. */
static void refused(const char *text, const char *why, const char *name)
{
	struct gsd_config c;
	char got[256] = "";
	int err = gsd_config_parse(text, &c, got, sizeof(got));

	ok(err && !strncmp(got, why, strlen(why)), name);
	if (!err || strncmp(got, why, strlen(why)))
		printf("#   expected \"%s\", got \"%s\"\n", why, err ? got : "accepted");
}

static void parses(void)
{
	struct gsd_config c;
	char why[256] = "";
	struct gsd_peer_cfg *a, *b;

	ok(!gsd_config_parse(good, &c, why, sizeof(why)), "a file with two peers parses");
	if (c.n_peers != 2) {
		ok(0, "two peers");
		return;
	}
	a = &c.peers[0];
	b = &c.peers[1];
	ok(!strcmp(c.key, "/etc/genevesec/gs1.key") && !strcmp(c.device, "gs1"),
	   "the device's key and name");
	ok(!strcmp(a->endpoint, "192.0.2.2:6081") && a->vni == 12 && a->line == 7,
	   "the first peer's endpoint, vni and line");
	ok(a->n_routes == 2 && !strcmp(a->routes[1], "10.0.1.0/24=10.0.3.0/24"),
	   "allowed-route repeats; blanks around names and values go");
	ok(a->interval == 60 && a->control_port == 7000 && a->peer_control_port == 7000,
	   "a peer takes the device section's interval and port; the peer's port follows ours");
	ok(b->interval == 30 && b->control_port == 7000 && b->peer_control_port == 7001,
	   "a peer's own settings win");
	ok(!strcmp(b->peer_key, "/etc/genevesec/h3.pub") && b->n_routes == 0,
	   "the second peer's key (a file name) and no routes");
	gsd_config_free(&c);

	ok(!gsd_config_parse("[peer]\nendpoint=192.0.2.9:1\npeer-key=k\n", &c, why,
			     sizeof(why)) &&
	   c.peers[0].vni == 1 && c.peers[0].interval == 120 &&
	   c.peers[0].control_port == 6082 && c.peers[0].peer_control_port == 6082 &&
	   !c.key && !c.device,
	   "the command line's defaults: vni 1, 120 s, port 6082, no key or device");
	gsd_config_free(&c);
}

static void refusals(void)
{
	refused("", "no [peer]", "an empty file");
	refused("key = k\n", "no [peer]", "no peer");
	refused("[peer]\npeer-key = k\n", "line 1: [peer] without an endpoint",
		"a peer without endpoint");
	refused("[peer]\nendpoint = 192.0.2.2:6081\n",
		"line 1: [peer] without a peer-key", "a peer without a key");
	refused("[peer]\nendpoint = 192.0.2.2:6081\npeer-key = k\n"
		"[peer]\nendpoint = 192.0.2.3:6081\npeer-key = l\n",
		"line 4: vni 1 is the peer's of line 1 too", "two peers on one vni");
	refused("frobnicate = 1\n", "line 1: unknown setting: frobnicate",
		"an unknown setting");
	refused("endpoint = 192.0.2.2:6081\n", "line 1: endpoint is a peer's",
		"a peer's setting in the device section");
	refused("[peer]\nkey = k\n", "line 2: key is the device's",
		"the device's setting in a peer");
	refused("[peer]\nendpoint = 192.0.2.2\n", "line 2: endpoint: not IP:PORT",
		"an endpoint without a port");
	refused("[peer]\nendpoint = [2001:db8::2:6081\n", "line 2: endpoint: not IP:PORT",
		"an IPv6 endpoint without brackets closed");
	refused("[peer]\nendpoint = 192.0.2.2:0\n", "line 2: endpoint: not IP:PORT",
		"port 0");
	refused("[peer]\nvni = 16777216\n", "line 2: vni: not a number from 1 to 16777215",
		"a VNI past 24 bits");
	refused("[peer]\nvni = 0x10\n", "line 2: vni: not a number",
		"a number that is not decimal");
	refused("[peer]\nvni = -1\n", "line 2: vni: not a number", "a negative number");
	refused("rekey-interval = 0\n", "line 1: rekey-interval: not a number from 1",
		"a zero interval");
	refused("control-port = 65536\n", "line 1: control-port: not a number",
		"a port past 65535");
	refused("[peer]\nvni = 2\nvni = 3\n", "line 3: vni set twice", "a setting twice");
	refused("device = a\ndevice = b\n", "line 2: device set twice",
		"the device twice");
	refused("[peers]\n", "line 1: not \"name = value\" or [peer]", "an unknown section");
	refused("vni\n", "line 1: not \"name = value\"", "a line without =");
	refused("[peer]\nvni =\n", "line 2: vni: no value", "a setting without a value");
}

static void changes(void)
{
	struct gsd_config c, d;
	struct gsd_peer_cfg copy;
	char why[256];
	const char *moved =
		"rekey-interval = 60\ncontrol-port = 7000\n\n\n\n# moved down\n"
		"[peer]\nendpoint = 192.0.2.2:6081\nvni = 12\n"
		"peer-key = MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n"
		"allowed-route = 10.0.1.0/24=10.0.2.0/24\n"
		"allowed-route = 10.0.1.0/24=10.0.3.0/24\n";

	if (gsd_config_parse(good, &c, why, sizeof(why)) ||
	    gsd_config_parse(moved, &d, why, sizeof(why))) {
		ok(0, "the files parse");
		return;
	}
	ok(gsd_peer_cfg_equal(&c.peers[0], &d.peers[0]),
	   "the same settings on other lines, in another order: no change");
	ok(!gsd_peer_cfg_equal(&c.peers[0], &c.peers[1]), "two peers differ");
	ok(!gsd_peer_cfg_copy(&copy, &c.peers[0]) &&
	   gsd_peer_cfg_equal(&copy, &c.peers[0]), "a copy is equal");
	free(copy.routes[1]);
	copy.routes[1] = strdup("10.0.1.0/24=10.0.4.0/24");
	ok(!gsd_peer_cfg_equal(&copy, &c.peers[0]), "a changed route is a change");
	copy.n_routes = 1;
	ok(!gsd_peer_cfg_equal(&copy, &c.peers[0]), "a route less is a change");
	copy.n_routes = 2;
	copy.interval = 61;
	ok(!gsd_peer_cfg_equal(&copy, &c.peers[0]), "another interval is a change");
	gsd_peer_cfg_free(&copy);
	gsd_config_free(&c);
	gsd_config_free(&d);
}

int main(void)
{
	printf("TAP version 13\n");
	parses();
	refusals();
	changes();
	return tap_end();
}
