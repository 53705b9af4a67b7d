// SPDX-License-Identifier: GPL-2.0
/*
 * genevesecd: keys and rekeys genevesec networks, one per peer, over ICX's
 * control plane (../shared/spec: icx-control-plane.md).
 *
 *   genevesecd [options] PEER-IP:PORT      one peer (see usage())
 *   genevesecd [options] -c FILE           the peers of a configuration file
 *   genevesecd genkey [-o FILE] [--force]  a new identity, as icx genkey
 *   genevesecd pubkey [-i FILE]            its --peer-key form, as icx pubkey
 *
 * One process, one device, one QUIC connection per peer (peer.c). Peers
 * with the same control port share its socket: datagrams go to the
 * connection they belong to, and a new connection, which anyone can open,
 * goes to a peer only once its handshake has proved that peer's key. A
 * SIGHUP reads the configuration file again: peers whose settings did not
 * change keep their connection and their keys.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gnutls/gnutls.h>

#include "config.h"
#include "peer.h"

#define GSD_PENDING_MAX		4	/* new connections per socket */

/* A control port's socket; qcfg's pins are its answering peers' keys. */
struct gsd_socket {
	struct icx_quic_cfg qcfg;
	uint8_t *pins;
	struct icx_quic *pending[GSD_PENDING_MAX];	/* not proved yet */
	uint16_t port;
	bool used;
};

struct gsd {
	const char *config;		/* the file; NULL: one peer, flags */
	const char *key_flag, *dev_flag;
	int verbose;
	char *key, *dev;		/* as started */
	struct icx_identity id;
	struct gsd_peer **peers;
	int n_peers;
	struct gsd_socket **socks;
	int n_socks;
};

static volatile sig_atomic_t gsd_stop, gsd_hup;

/* ---- sockets ----------------------------------------------------------- */

static void socket_free(struct gsd_socket *s)
{
	int i;

	for (i = 0; i < GSD_PENDING_MAX; i++)
		icx_quic_free(s->pending[i]);
	if (s->qcfg.fd >= 0)
		close(s->qcfg.fd);
	free(s->pins);
	free(s);
}

/* A wildcard socket on @port, of @family. */
static struct gsd_socket *socket_open(int family, uint16_t port)
{
	struct gsd_socket *s = calloc(1, sizeof(*s));
	struct icx_quic_cfg *c;

	if (!s)
		return NULL;
	c = &s->qcfg;
	s->port = port;
	c->local.ss_family = family;
	if (family == AF_INET6) {
		((struct sockaddr_in6 *)&c->local)->sin6_port = htons(port);
		c->local_len = sizeof(struct sockaddr_in6);
	} else {
		((struct sockaddr_in *)&c->local)->sin_port = htons(port);
		c->local_len = sizeof(struct sockaddr_in);
	}
	c->fd = socket(family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	/* (Answers leave from the address a peer dialed.) */
	if (c->fd < 0 || icx_quic_want_dst(c->fd, family) ||
	    bind(c->fd, (struct sockaddr *)&c->local, c->local_len)) {
		gsd_say(NULL, "control port %u: %s", port, strerror(errno));
		socket_free(s);
		return NULL;
	}
	return s;
}

/* The socket @p dials from and answers on, opened when missing. */
static struct gsd_socket *socket_of(struct gsd *g, struct gsd_peer *p)
{
	struct gsd_socket *s, **socks;
	int i;

	for (i = 0; i < g->n_socks; i++) {
		s = g->socks[i];
		if (s->port == p->cfg.control_port &&
		    s->qcfg.local.ss_family == p->addr.ss_family)
			return s;
	}
	socks = realloc(g->socks, (g->n_socks + 1) * sizeof(*socks));
	if (!socks)
		return NULL;
	g->socks = socks;
	s = socket_open(p->addr.ss_family, p->cfg.control_port);
	if (s)
		g->socks[g->n_socks++] = s;
	return s;
}

/*
 * After the peers changed: each peer's socket, each socket's pins (its
 * answering peers' keys), and sockets no peer uses closed. A peer that
 * gets no socket is left with qcfg.id NULL: it cannot run.
 */
static int sockets_assign(struct gsd *g)
{
	struct gsd_socket *s;
	int i, j, err = 0;

	for (i = 0; i < g->n_socks; i++) {
		s = g->socks[i];
		s->used = false;
		s->qcfg.n_pins = 0;
		free(s->pins);
		s->pins = calloc(g->n_peers, ICX_SPKI_LEN);
		if (!s->pins)
			err = -1;
	}
	for (i = 0; i < g->n_peers; i++) {
		struct gsd_peer *p = g->peers[i];

		memset(&p->qcfg, 0, sizeof(p->qcfg));
		s = socket_of(g, p);
		if (s && !s->pins)
			s->pins = calloc(g->n_peers, ICX_SPKI_LEN);
		if (!s || !s->pins) {
			err = -1;
			continue;
		}
		s->used = true;
		p->qcfg = s->qcfg;
		p->qcfg.id = &g->id;
		p->qcfg.pins = p->spki;
		p->qcfg.n_pins = 1;
		if (p->role == ICX_RESPONDER)
			memcpy(s->pins + s->qcfg.n_pins++ * ICX_SPKI_LEN, p->spki,
			       ICX_SPKI_LEN);
	}
	for (i = j = 0; i < g->n_socks; i++) {
		s = g->socks[i];
		s->qcfg.id = &g->id;
		s->qcfg.pins = s->pins;
		if (s->used)
			g->socks[j++] = s;
		else
			socket_free(s);
	}
	g->n_socks = j;
	return err;
}

/* A datagram on @s: a connection's, or maybe a new one's first. */
static void socket_datagram(struct gsd *g, struct gsd_socket *s,
			    const uint8_t *buf, size_t len,
			    const struct sockaddr *from, socklen_t from_len,
			    const struct sockaddr_storage *to)
{
	struct icx_quic *q;
	int i;

	for (i = 0; i < g->n_peers; i++)
		if (g->peers[i]->qcfg.fd == s->qcfg.fd &&
		    gsd_peer_datagram(g->peers[i], buf, len, from, from_len))
			return;
	for (i = 0; i < GSD_PENDING_MAX; i++)
		if (s->pending[i] && icx_quic_owns(s->pending[i], buf, len)) {
			icx_quic_recv(s->pending[i], buf, len, from, from_len);
			return;
		}
	if (!s->qcfg.n_pins)
		return;
	/*
	 * A new connection: a peer restarted, or lost the old one. It goes
	 * to a peer only once its handshake has proved that peer's key
	 * (pending_step()): anyone can send an Initial, so the oldest
	 * unproved one makes room.
	 */
	q = icx_quic_accept(&s->qcfg, buf, len, from, from_len, to);
	if (!q)
		return;
	icx_quic_free(s->pending[0]);
	memmove(&s->pending[0], &s->pending[1],
		(GSD_PENDING_MAX - 1) * sizeof(s->pending[0]));
	s->pending[GSD_PENDING_MAX - 1] = q;
}

/*
 * The answering peer on @s whose key @q proved. By key, not by the pin's
 * index: a reload may have changed the pins since @q was accepted.
 */
static struct gsd_peer *prover(struct gsd *g, struct gsd_socket *s,
			       struct icx_quic *q)
{
	int i;

	for (i = 0; i < g->n_peers; i++)
		if (g->peers[i]->qcfg.fd == s->qcfg.fd &&
		    g->peers[i]->role == ICX_RESPONDER &&
		    !memcmp(g->peers[i]->spki, icx_quic_pinned_key(q), ICX_SPKI_LEN))
			return g->peers[i];
	return NULL;
}

/* New connections: failed ones go, proved ones to their peer. */
static void pending_step(struct gsd *g, struct gsd_socket *s)
{
	struct gsd_peer *p;
	struct icx_quic *q;
	int i;

	for (i = 0; i < GSD_PENDING_MAX; i++) {
		q = s->pending[i];
		if (!q)
			continue;
		if (!icx_quic_expiry_ms(q))
			icx_quic_on_expiry(q);
		p = icx_quic_established(q) ? prover(g, s, q) : NULL;
		if (p) {
			gsd_peer_take(p, q);
		} else if (icx_quic_error(q)[0] || icx_quic_established(q)) {
			/* (Established: its peer left the configuration.) */
			if (g->verbose)
				gsd_say(NULL, "a new connection failed: %s",
					icx_quic_error(q)[0] ? icx_quic_error(q) :
					"its peer is no longer configured");
			icx_quic_free(q);
		} else {
			continue;
		}
		s->pending[i] = NULL;
	}
}

/* ---- peers and the configuration --------------------------------------- */

static int load_config(struct gsd *g, struct gsd_config *c)
{
	char why[256], *text;
	struct stat st;
	int n;

	if (stat(g->config, &st)) {
		gsd_say(NULL, "%s: %s", g->config, strerror(errno));
		return -1;
	}
	text = malloc(st.st_size + 1);
	n = text ? gsd_read_file(g->config, text, st.st_size + 1, false) : -1;
	if (n < 0) {
		gsd_say(NULL, "%s: %s", g->config, strerror(errno));
		free(text);
		return -1;
	}
	n = gsd_config_parse(text, c, why, sizeof(why));
	free(text);
	if (n) {
		gsd_say(NULL, "%s: %s", g->config, why);
		return -1;
	}
	return 0;
}

static struct gsd_peer *peer_start(struct gsd *g, const struct gsd_peer_cfg *cfg)
{
	struct gsd_peer *p = malloc(sizeof(*p));
	char tag[32] = "";

	if (g->config)
		snprintf(tag, sizeof(tag), "vni %u", cfg->vni);
	if (p && !gsd_peer_init(p, cfg, &g->id, g->dev, tag, g->verbose))
		return p;
	free(p);
	return NULL;
}

/*
 * Runs the configuration @c: peers it does not have go (their networks
 * with them when the daemon set them up), peers whose settings changed
 * start again, the others go on untouched. The identity and the device
 * are read once, at the start. Returns how many peers could not start.
 */
static int apply(struct gsd *g, const struct gsd_config *c)
{
	struct gsd_peer **peers, *p;
	const struct gsd_peer_cfg *same;
	int i, j, failed = 0, n = 0;

	peers = calloc(c->n_peers, sizeof(*peers));
	if (!peers)
		return c->n_peers;
	for (i = 0; i < g->n_peers; i++) {
		p = g->peers[i];
		same = NULL;
		for (j = 0; j < c->n_peers; j++)
			if (c->peers[j].vni == p->cfg.vni)
				same = &c->peers[j];
		if (same && gsd_peer_cfg_equal(same, &p->cfg)) {
			peers[n++] = p;
			continue;
		}
		gsd_say(p, same ? "its settings changed: starting again" :
			"no longer configured: stopping");
		gsd_peer_free(p, !same);
	}
	for (j = 0; j < c->n_peers; j++) {
		for (i = 0; i < n && peers[i]->cfg.vni != c->peers[j].vni; i++)
			;
		if (i < n)
			continue;
		p = peer_start(g, &c->peers[j]);
		if (p)
			peers[n++] = p;
		else
			failed++;
	}
	free(g->peers);
	g->peers = peers;
	g->n_peers = n;
	if (sockets_assign(g)) {
		/* A peer without its socket cannot run: it goes. */
		for (i = j = 0; i < g->n_peers; i++) {
			p = g->peers[i];
			if (p->qcfg.id) {
				g->peers[j++] = p;
				continue;
			}
			gsd_say(p, "no socket on control port %u", p->cfg.control_port);
			gsd_peer_free(p, false);
			failed++;
		}
		g->n_peers = j;
		sockets_assign(g);
	}
	return failed;
}

static void reload(struct gsd *g)
{
	struct gsd_config c;
	int failed;

	gsd_say(NULL, "SIGHUP: reading %s again", g->config);
	if (load_config(g, &c)) {
		gsd_say(NULL, "keeping the running configuration");
		return;
	}
	if ((!g->key_flag && c.key && strcmp(c.key, g->key)) ||
	    (!g->dev_flag && c.device && strcmp(c.device, g->dev)))
		gsd_say(NULL, "key and device are read at the start only: restart to change them");
	failed = apply(g, &c);
	gsd_say(NULL, "%d peer%s running%s", g->n_peers, g->n_peers == 1 ? "" : "s",
		failed ? ", some could not start (see above)" : "");
	gsd_config_free(&c);
}

static int run(struct gsd *g)
{
	struct sockaddr_storage from, to;
	uint8_t buf[65536];
	socklen_t from_len;
	struct pollfd *p;
	ssize_t got;
	int i, n;

	while (!gsd_stop) {
		int timeout = 1000;

		n = g->n_socks + g->n_peers;
		p = calloc(n ? n : 1, sizeof(*p));
		if (!p)
			return -1;
		for (i = 0; i < g->n_socks; i++) {
			struct gsd_socket *s = g->socks[i];
			int k;

			p[i] = (struct pollfd){ .fd = s->qcfg.fd, .events = POLLIN };
			for (k = 0; k < GSD_PENDING_MAX; k++)
				if (s->pending[k] && icx_quic_expiry_ms(s->pending[k]) < timeout)
					timeout = icx_quic_expiry_ms(s->pending[k]);
		}
		for (i = 0; i < g->n_peers; i++) {
			p[g->n_socks + i] = (struct pollfd){
				.fd = gsd_kernel_events_fd(&g->peers[i]->kernel),
				.events = POLLIN,
			};
			timeout = gsd_peer_timeout(g->peers[i], timeout);
		}
		if (poll(p, n, timeout) < 0 && errno != EINTR) {
			free(p);
			return -1;
		}
		for (i = 0; i < g->n_peers; i++)
			if (p[g->n_socks + i].revents)
				gsd_peer_device_events(g->peers[i]);
		free(p);
		if (gsd_hup) {
			gsd_hup = 0;
			if (g->config)
				reload(g);
			else	/* (Not the default: that would end the keying.) */
				gsd_say(NULL, "SIGHUP: nothing to reload without -c");
		}
		for (i = 0; i < g->n_socks; i++) {
			struct gsd_socket *s = g->socks[i];

			for (;;) {
				got = icx_quic_recvmsg(s->qcfg.fd, buf, sizeof(buf),
						       &from, &from_len, &to);
				if (got <= 0)
					break;
				socket_datagram(g, s, buf, got, (struct sockaddr *)&from,
						from_len, &to);
			}
			pending_step(g, s);
		}
		for (i = 0; i < g->n_peers; i++)
			gsd_peer_step(g->peers[i]);
	}
	return 0;
}

/* ---- configuration ---------------------------------------------------- */

static int load_identity(struct icx_identity *id, const char *path)
{
	const char *why = NULL;
	char pem[4096];
	int n = gsd_read_file(path, pem, sizeof(pem), true);

	if (n < 0) {
		gsd_say(NULL, "%s: %s%s", path, strerror(errno),
		    errno == EPERM ? " (the key file must be mode 0600)" : "");
		return -1;
	}
	if (icx_identity_from_pem(id, pem, n, &why)) {
		gsd_say(NULL, "%s: %s", path, why);
		return -1;
	}
	icx_wipe(pem, sizeof(pem));
	return 0;
}

static void usage(FILE *f)
{
	fputs("usage: genevesecd [options] PEER-IP:PORT\n"
	      "       genevesecd [-k FILE] [-d NAME] [-v] -c CONFIG-FILE\n"
	      "       genevesecd genkey [-o FILE] [--force]\n"
	      "       genevesecd pubkey [-i FILE]\n"
	      "options:\n"
	      "  -k, --key FILE              this host's identity (mode 0600)\n"
	      "  -P, --peer-key KEY|FILE     the peer's public key (icx pubkey)\n"
	      "  -d, --device NAME           the genevesec device (gs0)\n"
	      "      --vni N                 the network (1)\n"
	      "      --rekey-interval SECONDS  between exchanges (120)\n"
	      "      --allowed-route LOCAL=REMOTE  set up the network with these\n"
	      "                              cryptokey routes (repeatable); without,\n"
	      "                              the network must exist\n"
	      "      --control-port PORT     (6082)\n"
	      "      --peer-control-port PORT  (the control port)\n"
	      "  -c, --config FILE           many peers, one [peer] each (genevesecd(8));\n"
	      "                              SIGHUP reads it again\n"
	      "  -v, --verbose               protocol traces\n", f);
}

/* ---- genkey, pubkey --------------------------------------------------- */

static int cmd_genkey(int argc, char **argv)
{
	const char *out = NULL;
	struct icx_identity id = { 0 };
	char pem[300], b64[ICX_PEER_KEY_B64_LEN + 1];
	bool force = false;
	int i, n, fd;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--force"))
			force = true;
		else if ((!strcmp(argv[i], "-o") || !strcmp(argv[i], "--identity-key")) &&
			 i + 1 < argc)
			out = argv[++i];
		else
			return usage(stderr), 2;
	}
	if (icx_identity_generate(&id))
		return gsd_say(NULL, "cannot generate a key"), 1;
	n = icx_identity_to_pem(&id, pem, sizeof(pem));
	icx_spki_to_base64(id.spki, b64);
	icx_identity_free(&id);
	if (!out) {
		fputs(pem, stdout);
		icx_wipe(pem, sizeof(pem));
		return 0;
	}
	fd = open(out, O_WRONLY | O_CREAT | O_CLOEXEC | (force ? O_TRUNC : O_EXCL),
		  0600);
	if (fd < 0 || write(fd, pem, n) != n || close(fd)) {
		icx_wipe(pem, sizeof(pem));
		return gsd_say(NULL, "%s: %s", out, strerror(errno)), 1;
	}
	icx_wipe(pem, sizeof(pem));
	fprintf(stderr, "wrote identity key to %s\n"
		"public key (share as the peer's --peer-key):\n%s\n", out, b64);
	return 0;
}

static int cmd_pubkey(int argc, char **argv)
{
	char pem[4096], b64[ICX_PEER_KEY_B64_LEN + 1];
	struct icx_identity id = { 0 };
	const char *why = NULL;
	ssize_t n;

	if (argc == 3 && (!strcmp(argv[1], "-i") ||
			  !strcmp(argv[1], "--identity-key"))) {
		n = gsd_read_file(argv[2], pem, sizeof(pem), false);
		if (n < 0)
			return gsd_say(NULL, "%s: %s", argv[2], strerror(errno)), 1;
	} else if (argc == 1) {
		n = fread(pem, 1, sizeof(pem) - 1, stdin);
		pem[n] = 0;
	} else {
		return usage(stderr), 2;
	}
	if (icx_identity_from_pem(&id, pem, n, &why))
		return gsd_say(NULL, "%s", why), 1;
	icx_wipe(pem, sizeof(pem));
	icx_spki_to_base64(id.spki, b64);
	icx_identity_free(&id);
	printf("%s\n", b64);
	return 0;
}

static void on_signal(int sig)
{
	if (sig == SIGHUP)
		gsd_hup = 1;
	else
		gsd_stop = 1;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "key", required_argument, NULL, 'k' },
		{ "peer-key", required_argument, NULL, 'P' },
		{ "device", required_argument, NULL, 'd' },
		{ "vni", required_argument, NULL, 'n' },
		{ "rekey-interval", required_argument, NULL, 'r' },
		{ "control-port", required_argument, NULL, 'C' },
		{ "peer-control-port", required_argument, NULL, 'p' },
		{ "allowed-route", required_argument, NULL, 'a' },
		{ "config", required_argument, NULL, 'c' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	struct gsd_peer_cfg one = {
		.vni = 1, .interval = 120, .control_port = 6082,
	};
	struct gsd_config cfg = { 0 };
	struct sigaction sa = { .sa_handler = on_signal };
	struct gsd g = { 0 };
	const char *key;
	char **routes;
	int c, failed, i;

	if (argc > 1 && !strcmp(argv[1], "genkey"))
		return cmd_genkey(argc - 1, argv + 1);
	if (argc > 1 && !strcmp(argv[1], "pubkey"))
		return cmd_pubkey(argc - 1, argv + 1);
	while ((c = getopt_long(argc, argv, "k:P:d:c:vh", opts, NULL)) != -1) {
		switch (c) {
		case 'k': g.key_flag = optarg; break;
		case 'P': one.peer_key = optarg; break;
		case 'd': g.dev_flag = optarg; break;
		case 'n': one.vni = strtoul(optarg, NULL, 0); break;
		case 'r': one.interval = strtoul(optarg, NULL, 0); break;
		case 'C': one.control_port = strtoul(optarg, NULL, 0); break;
		case 'p': one.peer_control_port = strtoul(optarg, NULL, 0); break;
		case 'c': g.config = optarg; break;
		case 'a':
			routes = realloc(one.routes, (one.n_routes + 1) * sizeof(*routes));
			if (!routes)
				return 1;
			one.routes = routes;
			one.routes[one.n_routes++] = optarg;
			break;
		case 'v': g.verbose++; break;
		case 'h': usage(stdout); return 0;
		default: usage(stderr); return 2;
		}
	}
	if (g.config) {
		/* The file has the peers; the flags may give key and device. */
		if (optind != argc || one.peer_key || one.n_routes) {
			usage(stderr);
			return 2;
		}
		if (load_config(&g, &cfg))
			return 1;
	} else {
		if (!one.peer_control_port)
			one.peer_control_port = one.control_port;
		if (optind + 1 != argc || !one.peer_key || !one.interval ||
		    !one.vni || one.vni > 0xffffff) {
			usage(stderr);
			return 2;
		}
		one.endpoint = argv[optind];
		cfg.peers = &one;
		cfg.n_peers = 1;
	}
	key = g.key_flag ? g.key_flag : cfg.key;
	if (!key) {
		gsd_say(NULL, "no identity: give --key%s", g.config ? " or key = in the file" : "");
		return 2;
	}
	g.key = strdup(key);
	g.dev = strdup(g.dev_flag ? g.dev_flag : cfg.device ? cfg.device : "gs0");
	if (!g.key || !g.dev || load_identity(&g.id, key))
		return 1;
	if (getenv("SSLKEYLOGFILE"))
		gsd_say(NULL, "warning: SSLKEYLOGFILE is set: GnuTLS writes the TLS secrets to it, "
			"which decrypt the control plane and so give the SA keys; "
			"for debugging captures only");
	failed = apply(&g, &cfg);
	if (g.config)
		gsd_config_free(&cfg);
	else
		free(one.routes);
	/* At the start every peer must run; a reload keeps what it can. */
	if (failed) {
		for (i = 0; i < g.n_peers; i++)
			gsd_peer_free(g.peers[i], false);
		return 1;
	}
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	run(&g);
	for (i = 0; i < g.n_peers; i++)
		gsd_peer_free(g.peers[i], false);
	for (i = 0; i < g.n_socks; i++)
		socket_free(g.socks[i]);
	free(g.peers);
	free(g.socks);
	free(g.key);
	free(g.dev);
	icx_identity_free(&g.id);
	return 0;
}
