// SPDX-License-Identifier: GPL-2.0
/* genevesecd: the configuration file (see config.h). */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config.h"
#include "../genevesec/genevesec.h"

#define GSD_DEFAULT_INTERVAL	120
#define GSD_DEFAULT_PORT	6082

/* What a section has set, for defaults and "set twice". */
enum {
	SET_INTERVAL = 1 << 0,
	SET_CONTROL_PORT = 1 << 1,
	SET_PEER_CONTROL_PORT = 1 << 2,
	SET_ENDPOINT = 1 << 3,
	SET_PEER_KEY = 1 << 4,
	SET_VNI = 1 << 5,
	SET_KEY = 1 << 6,
	SET_DEVICE = 1 << 7,
};

struct parser {
	struct gsd_config *c;
	struct gsd_peer_cfg defaults;
	unsigned int global_set, *peer_set;
	unsigned int line;
	char *why;
	size_t why_len;
};

__attribute__((format(printf, 2, 3)))
static int fail(struct parser *p, const char *fmt, ...)
{
	int n = p->line ? snprintf(p->why, p->why_len, "line %u: ", p->line) : 0;
	va_list ap;

	if (n < 0 || (size_t)n >= p->why_len)
		return -1;
	va_start(ap, fmt);
	vsnprintf(p->why + n, p->why_len - n, fmt, ap);
	va_end(ap);
	return -1;
}

/* A decimal number in [@min, @max]. */
static int number(struct parser *p, const char *name, const char *v,
		  unsigned long min, unsigned long max, unsigned long *out)
{
	char *end;

	errno = 0;
	*out = strtoul(v, &end, 10);
	if (!isdigit((unsigned char)*v) || *end || errno || *out < min || *out > max)
		return fail(p, "%s: not a number from %lu to %lu: %s", name, min,
			    max, v);
	return 0;
}

/* "IP:PORT" or "[IPv6]:PORT", as the genevesec tool reads a peer. */
static bool endpoint_valid(const char *v)
{
	struct gs_peer peer;

	return !gs_parse_peer(v, &peer) && peer.port;
}

static int set_string(struct parser *p, const char *name, char **dst,
		      unsigned int *set, unsigned int bit, const char *v)
{
	if (*set & bit)
		return fail(p, "%s set twice", name);
	*set |= bit;
	*dst = strdup(v);
	return *dst ? 0 : fail(p, "out of memory");
}

/* One "name = value" of the current section (@peer NULL: the globals). */
static int setting(struct parser *p, struct gsd_peer_cfg *peer,
		   const char *name, const char *v)
{
	struct gsd_peer_cfg *d = peer ? peer : &p->defaults;
	unsigned int *set = peer ? p->peer_set : &p->global_set;
	unsigned long n;
	char **routes;

	if (!strcmp(name, "key") || !strcmp(name, "device")) {
		if (peer)
			return fail(p, "%s is the device's: before the first [peer]", name);
		return !strcmp(name, "key") ?
		       set_string(p, name, &p->c->key, set, SET_KEY, v) :
		       set_string(p, name, &p->c->device, set, SET_DEVICE, v);
	}
	if (!strcmp(name, "rekey-interval") || !strcmp(name, "control-port") ||
	    !strcmp(name, "peer-control-port")) {
		unsigned int bit = name[0] == 'r' ? SET_INTERVAL :
				   name[0] == 'c' ? SET_CONTROL_PORT :
						    SET_PEER_CONTROL_PORT;

		if (*set & bit)
			return fail(p, "%s set twice", name);
		*set |= bit;
		if (bit == SET_INTERVAL)
			return number(p, name, v, 1, 86400, &n) ? -1 :
			       (d->interval = n, 0);
		if (number(p, name, v, 1, 65535, &n))
			return -1;
		if (bit == SET_CONTROL_PORT)
			d->control_port = n;
		else
			d->peer_control_port = n;
		return 0;
	}
	if (!peer) {
		if (!strcmp(name, "endpoint") || !strcmp(name, "peer-key") ||
		    !strcmp(name, "vni") || !strcmp(name, "allowed-route"))
			return fail(p, "%s is a peer's: after its [peer]", name);
		return fail(p, "unknown setting: %s", name);
	}
	if (!strcmp(name, "endpoint")) {
		if (!endpoint_valid(v))
			return fail(p, "endpoint: not IP:PORT or [IPv6]:PORT: %s", v);
		return set_string(p, name, &peer->endpoint, set, SET_ENDPOINT, v);
	}
	if (!strcmp(name, "peer-key"))
		return set_string(p, name, &peer->peer_key, set, SET_PEER_KEY, v);
	if (!strcmp(name, "vni")) {
		if (*set & SET_VNI)
			return fail(p, "vni set twice");
		*set |= SET_VNI;
		if (number(p, name, v, 1, 0xffffff, &n))
			return -1;
		peer->vni = n;
		return 0;
	}
	if (!strcmp(name, "allowed-route")) {
		routes = realloc(peer->routes, (peer->n_routes + 1) * sizeof(*routes));
		if (!routes)
			return fail(p, "out of memory");
		peer->routes = routes;
		routes[peer->n_routes] = strdup(v);
		if (!routes[peer->n_routes])
			return fail(p, "out of memory");
		peer->n_routes++;
		return 0;
	}
	return fail(p, "unknown setting: %s", name);
}

/* A new [peer], with the defaults given so far. */
static struct gsd_peer_cfg *peer_new(struct parser *p, unsigned int **set)
{
	struct gsd_config *c = p->c;
	struct gsd_peer_cfg *peers;
	unsigned int *sets;

	peers = realloc(c->peers, (c->n_peers + 1) * sizeof(*peers));
	if (!peers)
		return NULL;
	c->peers = peers;
	sets = realloc(*set, (c->n_peers + 1) * sizeof(*sets));
	if (!sets)
		return NULL;
	*set = sets;
	sets[c->n_peers] = 0;
	peers[c->n_peers] = (struct gsd_peer_cfg) {
		.vni = 1,
		.interval = p->defaults.interval,
		.control_port = p->defaults.control_port,
		.peer_control_port = p->defaults.peer_control_port,
		.line = p->line,
	};
	return &peers[c->n_peers++];
}

/* Defaults and the checks that need a whole peer, or all of them. */
static int finish(struct parser *p, unsigned int *sets)
{
	struct gsd_config *c = p->c;
	int i, j;

	p->line = 0;
	if (!c->n_peers)
		return fail(p, "no [peer]");
	for (i = 0; i < c->n_peers; i++) {
		struct gsd_peer_cfg *a = &c->peers[i];

		p->line = a->line;
		if (!(sets[i] & SET_ENDPOINT))
			return fail(p, "[peer] without an endpoint");
		if (!(sets[i] & SET_PEER_KEY))
			return fail(p, "[peer] without a peer-key");
		/* As on the command line: the peer listens where we do. */
		if (!a->peer_control_port)
			a->peer_control_port = a->control_port;
		for (j = 0; j < i; j++)
			if (c->peers[j].vni == a->vni)
				return fail(p, "vni %u is the peer's of line %u too: one network per peer",
					    a->vni, c->peers[j].line);
	}
	return 0;
}

static char *trim(char *s)
{
	char *end = s + strlen(s);

	while (isspace((unsigned char)*s))
		s++;
	while (end > s && isspace((unsigned char)end[-1]))
		*--end = 0;
	return s;
}

int gsd_config_parse(const char *text, struct gsd_config *c, char *why,
		     size_t why_len)
{
	struct parser p = {
		.c = c, .why = why, .why_len = why_len,
		.defaults = { .interval = GSD_DEFAULT_INTERVAL,
			      .control_port = GSD_DEFAULT_PORT },
	};
	struct gsd_peer_cfg *peer = NULL;
	unsigned int *sets = NULL;
	char *copy, *line, *next, *eq;
	int err = 0;

	memset(c, 0, sizeof(*c));
	copy = strdup(text);
	if (!copy)
		return fail(&p, "out of memory");
	for (line = copy; line && !err; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = 0;
		p.line++;
		line = trim(line);
		if (!*line || *line == '#')
			continue;
		if (!strcmp(line, "[peer]")) {
			peer = peer_new(&p, &sets);
			if (!peer)
				err = fail(&p, "out of memory");
			else
				p.peer_set = &sets[c->n_peers - 1];
			continue;
		}
		eq = strchr(line, '=');
		if (*line == '[' || !eq) {
			err = fail(&p, "not \"name = value\" or [peer]: %s", line);
			continue;
		}
		*eq = 0;
		if (!*trim(eq + 1)) {
			err = fail(&p, "%s: no value", trim(line));
			continue;
		}
		err = setting(&p, peer, trim(line), trim(eq + 1));
	}
	free(copy);
	if (!err)
		err = finish(&p, sets);
	free(sets);
	if (err)
		gsd_config_free(c);
	return err;
}

void gsd_peer_cfg_free(struct gsd_peer_cfg *p)
{
	int i;

	free(p->endpoint);
	free(p->peer_key);
	for (i = 0; i < p->n_routes; i++)
		free(p->routes[i]);
	free(p->routes);
	memset(p, 0, sizeof(*p));
}

void gsd_config_free(struct gsd_config *c)
{
	int i;

	for (i = 0; i < c->n_peers; i++)
		gsd_peer_cfg_free(&c->peers[i]);
	free(c->peers);
	free(c->key);
	free(c->device);
	memset(c, 0, sizeof(*c));
}

static bool str_equal(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

bool gsd_peer_cfg_equal(const struct gsd_peer_cfg *a,
			const struct gsd_peer_cfg *b)
{
	int i;

	if (!str_equal(a->endpoint, b->endpoint) ||
	    !str_equal(a->peer_key, b->peer_key) || a->vni != b->vni ||
	    a->interval != b->interval || a->control_port != b->control_port ||
	    a->peer_control_port != b->peer_control_port ||
	    a->n_routes != b->n_routes)
		return false;
	for (i = 0; i < a->n_routes; i++)
		if (!str_equal(a->routes[i], b->routes[i]))
			return false;
	return true;
}

int gsd_peer_cfg_copy(struct gsd_peer_cfg *dst, const struct gsd_peer_cfg *src)
{
	int i;

	*dst = *src;
	dst->endpoint = src->endpoint ? strdup(src->endpoint) : NULL;
	dst->peer_key = src->peer_key ? strdup(src->peer_key) : NULL;
	dst->routes = calloc(src->n_routes + 1, sizeof(*dst->routes));
	dst->n_routes = 0;
	if ((src->endpoint && !dst->endpoint) || (src->peer_key && !dst->peer_key) ||
	    !dst->routes)
		goto fail;
	for (i = 0; i < src->n_routes; i++) {
		dst->routes[i] = strdup(src->routes[i]);
		if (!dst->routes[i])
			goto fail;
		dst->n_routes++;
	}
	return 0;
fail:
	gsd_peer_cfg_free(dst);
	return -1;
}
