// SPDX-License-Identifier: GPL-2.0
/*
 * Command-line parsing. Everything a command says is checked here, before
 * a request exists: a typo must not leave a network created without its
 * SA, nor a route added without its peer.
 */

#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "genevesec.h"

struct gs_words {
	int argc;
	char **argv;
	int i;
};

static char *gs_next(struct gs_words *w)
{
	return w->i < w->argc ? w->argv[w->i++] : NULL;
}

static char *gs_peek(const struct gs_words *w)
{
	return w->i < w->argc ? w->argv[w->i] : NULL;
}

/* The value after @word, or NULL (reported). */
static char *gs_value(struct gs_words *w, const char *word)
{
	char *value = gs_next(w);

	if (!value)
		gs_err("%s needs a value", word);
	return value;
}

static bool gs_all(const char *s, const char *chars)
{
	return *s && strspn(s, chars) == strlen(s);
}

/* Decimal, or hexadecimal after 0x; no sign, no blanks; within min..max. */
static int gs_parse_num(const char *what, const char *text, uint64_t min, uint64_t max,
			uint64_t *out)
{
	bool hex = !strncmp(text, "0x", 2) || !strncmp(text, "0X", 2);
	unsigned long long v;

	if (!gs_all(hex ? text + 2 : text, hex ? "0123456789abcdefABCDEF" : "0123456789")) {
		gs_err("%s \"%s\": not a number", what, text);
		return -1;
	}
	errno = 0;
	v = strtoull(text, NULL, hex ? 16 : 10);
	if (errno || v < min || v > max) {
		gs_err("%s %s: out of range (%llu..%llu)", what, text,
		       (unsigned long long)min, (unsigned long long)max);
		return -1;
	}
	*out = v;
	return 0;
}

static int gs_parse_u32(const char *what, const char *text, uint32_t min, uint32_t max,
			uint32_t *out)
{
	uint64_t v;

	if (gs_parse_num(what, text, min, max, &v))
		return -1;
	*out = (uint32_t)v;
	return 0;
}

static int gs_parse_dev(const char *text, struct gs_dev *dev)
{
	memset(dev, 0, sizeof(*dev));
	if (gs_all(text, "0123456789"))
		return gs_parse_u32("ifindex", text, 1, UINT32_MAX, &dev->ifindex);
	if (!*text || strlen(text) >= sizeof(dev->ifname)) {
		gs_err("device \"%s\": a name has 1 to %zu characters", text,
		       sizeof(dev->ifname) - 1);
		return -1;
	}
	memcpy(dev->ifname, text, strlen(text) + 1);
	return 0;
}

/* ADDR, ADDR:PORT (IPv4), ADDR6 or [ADDR6] or [ADDR6]:PORT. */
int gs_parse_peer(const char *text, struct gs_peer *peer)
{
	const char *addr = text, *port = NULL, *end;
	char buf[INET6_ADDRSTRLEN], what[64];
	uint32_t value;
	size_t len;

	memset(peer, 0, sizeof(*peer));
	if (text[0] == '[') {
		end = strchr(text, ']');
		if (!end || (end[1] && end[1] != ':')) {
			gs_err("peer \"%s\": [ADDR6] or [ADDR6]:PORT expected", text);
			return -1;
		}
		if (end[1] == ':')
			port = end + 2;
		addr = text + 1;
		len = end - addr;
		peer->family = AF_INET6;
	} else if (strchr(text, ':') && strchr(text, ':') == strrchr(text, ':')) {
		/* One colon: IPv4 with a port (an IPv6 address has two or more). */
		end = strchr(text, ':');
		port = end + 1;
		len = end - text;
		peer->family = AF_INET;
	} else {
		len = strlen(text);
		peer->family = strchr(text, ':') ? AF_INET6 : AF_INET;
	}
	if (len >= sizeof(buf)) {
		gs_err("peer \"%s\": not an IP address", text);
		return -1;
	}
	memcpy(buf, addr, len);
	buf[len] = '\0';
	if (inet_pton(peer->family, buf, peer->addr) != 1) {
		if (text[0] == '[')
			gs_err("peer \"%s\": \"%s\" is not an IPv6 address", text, buf);
		else if (peer->family == AF_INET6)
			gs_err("peer \"%s\": not an IPv6 address (with a port: [ADDR6]:PORT)",
			       text);
		else
			gs_err("peer \"%s\": \"%s\" is not an IPv4 address", text, buf);
		return -1;
	}
	if (port) {
		snprintf(what, sizeof(what), "peer \"%.40s\" port", text);
		if (gs_parse_u32(what, port, 1, 65535, &value))
			return -1;
		peer->port = (uint16_t)value;
	}
	return 0;
}

/* One side of a route: ADDR[/LEN], host bits allowed. */
static int gs_parse_prefix(const char *route, const char *text, size_t len,
			   uint8_t *addr, uint8_t *alen, uint8_t *plen)
{
	char buf[INET6_ADDRSTRLEN + 4];
	const char *slash;
	unsigned int bits;
	uint32_t value;
	int family;

	if (!len || len >= sizeof(buf)) {
		gs_err("route \"%s\": %s prefix", route, len ? "not a" : "an empty");
		return -1;
	}
	memcpy(buf, text, len);
	buf[len] = '\0';
	slash = strchr(buf, '/');
	if (slash)
		buf[slash - buf] = '\0';
	family = strchr(buf, ':') ? AF_INET6 : AF_INET;
	bits = family == AF_INET ? 32 : 128;
	if (inet_pton(family, buf, addr) != 1) {
		gs_err("route \"%s\": \"%s\" is not an IP address", route, buf);
		return -1;
	}
	*alen = bits / 8;
	*plen = bits;
	if (!slash)
		return 0;
	if (!gs_all(slash + 1, "0123456789")) {
		gs_err("route \"%s\": prefix length \"%s\" is not a number", route, slash + 1);
		return -1;
	}
	value = strlen(slash + 1) > 3 ? 1000 : atoi(slash + 1);
	if (value > bits) {
		gs_err("route \"%s\": prefix length %s is too long for %s (at most %u)",
		       route, slash + 1, family == AF_INET ? "IPv4" : "IPv6", bits);
		return -1;
	}
	*plen = value;
	return 0;
}

/* LOCAL=REMOTE, or one prefix for both. */
static int gs_parse_route(const char *text, struct gs_route *r)
{
	const char *eq = strchr(text, '=');
	size_t llen = eq ? (size_t)(eq - text) : strlen(text);
	const char *remote = eq ? eq + 1 : text;
	uint8_t ralen;

	memset(r, 0, sizeof(*r));
	if (gs_parse_prefix(text, text, llen, r->local, &r->alen, &r->local_plen) ||
	    gs_parse_prefix(text, remote, strlen(remote), r->remote, &ralen, &r->remote_plen))
		return -1;
	if (ralen != r->alen) {
		gs_err("route \"%s\": LOCAL and REMOTE must be of one family", text);
		return -1;
	}
	return 0;
}

static int gs_add_route(struct gs_words *w, struct gs_cmd *cmd)
{
	struct gs_route *r;
	char *text = gs_value(w, "route");

	if (!text)
		return -1;
	r = gs_push(&cmd->routes, &cmd->n_routes, sizeof(*r));
	return gs_parse_route(text, r);
}

static int gs_parse_vni(struct gs_words *w, struct gs_cmd *cmd)
{
	char *text = gs_value(w, "vni");

	if (!text)
		return -1;
	if (cmd->has_vni) {
		gs_err("vni given twice");
		return -1;
	}
	cmd->has_vni = true;
	return gs_parse_u32("vni", text, 0, GENEVESEC_VNI_MAX, &cmd->vni);
}

/* ---- SA clauses ----------------------------------------------------------- */

enum {
	GS_W_SPI,
	GS_W_RX_SPI,
	GS_W_TX_SPI,
	GS_W_KEY,
	GS_W_RX_KEY,
	GS_W_TX_KEY,
	GS_W_LIFETIME,
	GS_W_SOFT_LIMIT,
	GS_W_REKEY_LEAD,
	GS_W_COUNT,
};

static const char *const gs_sa_words[GS_W_COUNT] = {
	"spi", "rx-spi", "tx-spi", "key", "rx-key", "tx-key", "lifetime",
	"soft-limit", "rekey-lead",
};

#define W(x) (1u << GS_W_##x)
/* What a transmit SA takes besides its lifetime. */
#define GS_TX_OPTS	(W(LIFETIME) | W(SOFT_LIMIT) | W(REKEY_LEAD))
#define GS_TX_SYNTAX	"[lifetime SECONDS] [soft-limit PACKETS] [rekey-lead SECONDS]"

struct gs_sa_form {
	const char *word;
	enum gs_sa_kind kind;
	unsigned int required;
	unsigned int optional;
	const char *syntax;
};

static const struct gs_sa_form gs_set_forms[] = {
	{ "sa", GS_SA_BOTH, W(RX_SPI) | W(TX_SPI) | W(RX_KEY) | W(TX_KEY), GS_TX_OPTS,
	  "sa rx-spi SPI tx-spi SPI rx-key KEY tx-key KEY " GS_TX_SYNTAX },
	{ "rx-sa", GS_SA_RX, W(SPI) | W(KEY), W(LIFETIME),
	  "rx-sa spi SPI key KEY [lifetime SECONDS]" },
	{ "tx-sa", GS_SA_TX, W(SPI) | W(KEY), GS_TX_OPTS,
	  "tx-sa spi SPI key KEY " GS_TX_SYNTAX },
	{ "key", GS_SA_MANUAL, W(SPI) | W(RX_KEY) | W(TX_KEY), GS_TX_OPTS,
	  "key spi SPI rx-key KEY tx-key KEY " GS_TX_SYNTAX },
};

static const struct gs_sa_form gs_del_form = {
	"rx-sa", GS_SA_NONE, W(SPI), 0, "rx-sa spi SPI",
};

struct gs_sa_values {
	unsigned int given;
	uint32_t spi[3];		/* spi, rx-spi, tx-spi */
	struct gs_key key[3];		/* key, rx-key, tx-key */
	uint32_t lifetime;
	uint64_t soft_limit;
	uint32_t rekey_lead;
};

static int gs_sa_word(const char *word)
{
	int i;

	for (i = 0; i < GS_W_COUNT; i++)
		if (!strcmp(word, gs_sa_words[i]))
			return i;
	return -1;
}

/* The words of one SA clause, up to the first word that is not one. */
static int gs_parse_sa_words(struct gs_words *w, const struct gs_sa_form *form,
			     struct gs_cmd *cmd, struct gs_sa_values *v)
{
	unsigned int allowed = form->required | form->optional;
	char *word, *text;
	int i;

	memset(v, 0, sizeof(*v));
	while ((word = gs_peek(w)) && (i = gs_sa_word(word)) >= 0) {
		if (!(allowed & (1u << i))) {
			gs_err("\"%s\" does not take %s: %s", form->word, word, form->syntax);
			return -1;
		}
		if (v->given & (1u << i)) {
			gs_err("%s given twice", word);
			return -1;
		}
		w->i++;
		text = gs_value(w, word);
		if (!text)
			return -1;
		v->given |= 1u << i;
		switch (i) {
		case GS_W_SPI:
		case GS_W_RX_SPI:
		case GS_W_TX_SPI:
			if (gs_parse_u32(word, text, 1, UINT32_MAX, &v->spi[i - GS_W_SPI]))
				return -1;
			break;
		case GS_W_KEY:
		case GS_W_RX_KEY:
		case GS_W_TX_KEY:
			if (gs_key_read(word, text, &v->key[i - GS_W_KEY], &cmd->stdin_used))
				return -1;
			break;
		case GS_W_LIFETIME:
			if (gs_parse_u32(word, text, 1, GENEVESEC_MAX_LIFETIME, &v->lifetime))
				return -1;
			break;
		case GS_W_SOFT_LIMIT:
			if (gs_parse_num(word, text, 0, UINT64_MAX, &v->soft_limit))
				return -1;
			break;
		case GS_W_REKEY_LEAD:
			if (gs_parse_u32(word, text, 0, GENEVESEC_MAX_LIFETIME, &v->rekey_lead))
				return -1;
			break;
		}
	}
	for (i = 0; i < GS_W_COUNT; i++) {
		if ((form->required & (1u << i)) && !(v->given & (1u << i))) {
			gs_err("\"%s\" needs %s: %s", form->word, gs_sa_words[i], form->syntax);
			return -1;
		}
	}
	return 0;
}

/* The transmit SA's own options: the kernel refuses them on receive SAs. */
static void gs_sa_fill_tx(struct gs_sa_key *sa, const struct gs_sa_values *v)
{
	sa->has_soft_limit = v->given & W(SOFT_LIMIT);
	sa->soft_limit = v->soft_limit;
	sa->rekey_lead = v->rekey_lead;
}

static void gs_sa_fill(struct gs_sa_key *sa, uint32_t spi, const struct gs_key *key,
		       uint32_t lifetime)
{
	sa->spi = spi;
	sa->key = *key;
	sa->lifetime = lifetime;
}

static int gs_parse_sa(struct gs_words *w, const struct gs_sa_form *form, struct gs_cmd *cmd)
{
	struct gs_sa_values v;
	int err;

	if (cmd->sa != GS_SA_NONE) {
		gs_err("one SA per command: \"%s\" after another", form->word);
		return -1;
	}
	err = gs_parse_sa_words(w, form, cmd, &v);
	if (err)
		goto out;
	cmd->sa = form->kind;
	switch (form->kind) {
	case GS_SA_BOTH:
		gs_sa_fill(&cmd->rx, v.spi[1], &v.key[1], v.lifetime);
		gs_sa_fill(&cmd->tx, v.spi[2], &v.key[2], v.lifetime);
		break;
	case GS_SA_RX:
		gs_sa_fill(&cmd->rx, v.spi[0], &v.key[0], v.lifetime);
		break;
	case GS_SA_TX:
		gs_sa_fill(&cmd->tx, v.spi[0], &v.key[0], v.lifetime);
		break;
	case GS_SA_MANUAL:
		gs_sa_fill(&cmd->rx, v.spi[0], &v.key[1], v.lifetime);
		gs_sa_fill(&cmd->tx, v.spi[0], &v.key[2], v.lifetime);
		break;
	case GS_SA_NONE:
		cmd->has_spi = true;
		cmd->spi = v.spi[0];
		break;
	}
	if (form->kind != GS_SA_RX && form->kind != GS_SA_NONE)
		gs_sa_fill_tx(&cmd->tx, &v);
	/* The kernel refuses it too, but only after a new network exists. */
	if ((form->kind == GS_SA_BOTH || form->kind == GS_SA_MANUAL) &&
	    cmd->rx.key.len == cmd->tx.key.len &&
	    !memcmp(cmd->rx.key.bytes, cmd->tx.key.bytes, cmd->rx.key.len)) {
		gs_err("rx-key and tx-key must differ");
		err = -1;
	}
out:
	explicit_bzero(&v, sizeof(v));
	return err;
}

/* ---- commands --------------------------------------------------------------- */

static const char *const gs_set_words[] = {
	"vni", "peer", "route", "replace-routes", "sa", "rx-sa", "tx-sa", "key", NULL,
};

static bool gs_is(const char *word, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(word, *list))
			return true;
	return false;
}

static int gs_parse_target(struct gs_words *w, const char *what, struct gs_cmd *cmd)
{
	char *dev = gs_next(w);

	if (!dev || gs_is(dev, gs_set_words)) {
		gs_err("%s needs a device%s%s%s", what, dev ? " before \"" : "", dev ? dev : "",
		       dev ? "\"" : "");
		return -1;
	}
	cmd->has_dev = true;
	return gs_parse_dev(dev, &cmd->dev);
}

static int gs_parse_set(struct gs_words *w, struct gs_cmd *cmd)
{
	char *word, *text;
	size_t i;

	if (gs_parse_target(w, "set", cmd))
		return -1;
	while ((word = gs_next(w))) {
		if (!strcmp(word, "vni")) {
			if (gs_parse_vni(w, cmd))
				return -1;
		} else if (!strcmp(word, "peer")) {
			text = gs_value(w, word);
			if (!text)
				return -1;
			if (cmd->peer.family) {
				gs_err("peer given twice");
				return -1;
			}
			if (gs_parse_peer(text, &cmd->peer))
				return -1;
		} else if (!strcmp(word, "route")) {
			if (gs_add_route(w, cmd))
				return -1;
		} else if (!strcmp(word, "replace-routes")) {
			cmd->replace_routes = true;
		} else {
			for (i = 0; i < ARRAY_SIZE(gs_set_forms); i++)
				if (!strcmp(word, gs_set_forms[i].word))
					break;
			if (i == ARRAY_SIZE(gs_set_forms)) {
				gs_err("set: unknown word \"%s\"", word);
				return -1;
			}
			if (gs_parse_sa(w, &gs_set_forms[i], cmd))
				return -1;
		}
	}
	if (!cmd->has_vni) {
		gs_err("set needs vni VNI");
		return -1;
	}
	return 0;
}

static int gs_parse_del(struct gs_words *w, struct gs_cmd *cmd)
{
	char *word;

	if (gs_parse_target(w, "del", cmd))
		return -1;
	while ((word = gs_next(w))) {
		if (!strcmp(word, "vni")) {
			if (gs_parse_vni(w, cmd))
				return -1;
		} else if (!strcmp(word, "route")) {
			if (gs_add_route(w, cmd))
				return -1;
		} else if (!strcmp(word, "rx-sa")) {
			if (cmd->has_spi) {
				gs_err("rx-sa given twice");
				return -1;
			}
			if (gs_parse_sa(w, &gs_del_form, cmd))
				return -1;
		} else {
			gs_err("del: unknown word \"%s\"", word);
			return -1;
		}
	}
	if (!cmd->has_vni) {
		gs_err("del needs vni VNI");
		return -1;
	}
	return 0;
}

static int gs_parse_show(struct gs_words *w, struct gs_cmd *cmd)
{
	char *word;

	while ((word = gs_next(w))) {
		if (!strcmp(word, "-j") || !strcmp(word, "--json")) {
			cmd->json = true;
		} else if (!strcmp(word, "-s") || !strcmp(word, "--stats")) {
			cmd->stats = true;
		} else if (!strcmp(word, "vni")) {
			if (!cmd->has_dev) {
				gs_err("show: vni needs a device before it");
				return -1;
			}
			if (gs_parse_vni(w, cmd))
				return -1;
		} else if (!cmd->has_dev && word[0] != '-') {
			cmd->has_dev = true;
			if (gs_parse_dev(word, &cmd->dev))
				return -1;
		} else {
			gs_err("show: unknown word \"%s\"", word);
			return -1;
		}
	}
	return 0;
}

static int gs_parse_monitor(struct gs_words *w, struct gs_cmd *cmd)
{
	char *word;

	while ((word = gs_next(w))) {
		if (!strcmp(word, "-j") || !strcmp(word, "--json")) {
			cmd->json = true;
		} else {
			gs_err("monitor: unknown word \"%s\"", word);
			return -1;
		}
	}
	return 0;
}

static int gs_parse_genkey(struct gs_words *w, struct gs_cmd *cmd)
{
	char *word = gs_next(w);

	cmd->key_bits = 128;
	if (word && !strcmp(word, "256")) {
		cmd->key_bits = 256;
	} else if (word && strcmp(word, "128")) {
		gs_err("genkey: \"%s\" is not 128 or 256", word);
		return -1;
	}
	word = gs_next(w);
	if (word) {
		gs_err("genkey: unknown word \"%s\"", word);
		return -1;
	}
	return 0;
}

int gs_parse(int argc, char **argv, struct gs_cmd *cmd)
{
	struct gs_words w = { .argc = argc, .argv = argv, .i = 1 };

	memset(cmd, 0, sizeof(*cmd));
	if (argc < 1) {
		gs_err("no command");
		return -1;
	}
	if (!strcmp(argv[0], "show")) {
		cmd->kind = GS_CMD_SHOW;
		return gs_parse_show(&w, cmd);
	}
	if (!strcmp(argv[0], "set")) {
		cmd->kind = GS_CMD_SET;
		return gs_parse_set(&w, cmd);
	}
	if (!strcmp(argv[0], "del")) {
		cmd->kind = GS_CMD_DEL;
		return gs_parse_del(&w, cmd);
	}
	if (!strcmp(argv[0], "genkey")) {
		cmd->kind = GS_CMD_GENKEY;
		return gs_parse_genkey(&w, cmd);
	}
	if (!strcmp(argv[0], "monitor")) {
		cmd->kind = GS_CMD_MONITOR;
		return gs_parse_monitor(&w, cmd);
	}
	gs_err("unknown command \"%s\" (show, set, del, genkey, monitor)", argv[0]);
	return -1;
}

void gs_cmd_free(struct gs_cmd *cmd)
{
	free(cmd->routes);
	explicit_bzero(cmd, sizeof(*cmd));
}
