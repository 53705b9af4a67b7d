/* SPDX-License-Identifier: GPL-2.0 */
/*
 * genevesec: configure genevesec devices through the "genevesec"
 * generic-netlink family (Documentation/netlink/specs/genevesec.yaml).
 *
 * A command is parsed completely (keys included) into struct gs_cmd before
 * any request is built, so that a bad argument never leaves a half-applied
 * configuration behind. Requests are built as real netlink messages; with
 * --dry-run they are decoded and printed instead of sent.
 */
#ifndef GENEVESEC_TOOL_H
#define GENEVESEC_TOOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <linux/genevesec.h>
#include <linux/netlink.h>

#define GS_VERSION	"0.1.0"
#define GS_KEY_MAX	32

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define __printf(a, b)	__attribute__((format(printf, a, b)))

/* ---- errors and memory (util.c) ---------------------------------------- */

/* Line of the batch being run, for error messages; 0 outside a batch. */
extern unsigned int gs_lineno;
/* The batch is read from standard input, which a key then cannot use. */
extern bool gs_batch_stdin;

__printf(1, 2) void gs_err(const char *fmt, ...);
void *gs_zalloc(size_t size);
/* A new zeroed element at the end of *array, which holds *n of @size. */
void *gs_push(void *array, size_t *n, size_t size);

/* ---- parsed commands (parse.c) ------------------------------------------ */

struct gs_key {
	uint8_t bytes[GS_KEY_MAX];
	unsigned int len;
};

/* A device is named by ifindex (when not 0) or by name. */
struct gs_dev {
	uint32_t ifindex;
	char ifname[GENEVESEC_IFNAME_LEN];
};

struct gs_peer {
	int family;			/* 0 (none), AF_INET or AF_INET6 */
	uint8_t addr[16];
	uint16_t port;			/* 0: not given, the kernel's default */
};

struct gs_route {
	uint8_t alen;			/* address bytes: 4 or 16 */
	uint8_t local[16];
	uint8_t remote[16];
	uint8_t local_plen;
	uint8_t remote_plen;
};

struct gs_sa_key {
	uint32_t spi;
	struct gs_key key;
	uint32_t lifetime;		/* 0: not given, the kernel's default */
	bool has_soft_limit;		/* transmit only */
	uint64_t soft_limit;
	uint32_t rekey_lead;		/* transmit only; 0: not given (off) */
};

enum gs_sa_kind {
	GS_SA_NONE,
	GS_SA_BOTH,			/* sa rx-spi .. tx-spi .. */
	GS_SA_RX,			/* rx-sa spi .. key .. */
	GS_SA_TX,			/* tx-sa spi .. key .. */
	GS_SA_MANUAL,			/* key spi .. rx-key .. tx-key .. */
};

enum gs_cmd_kind {
	GS_CMD_SHOW,
	GS_CMD_SET,
	GS_CMD_DEL,
	GS_CMD_GENKEY,
	GS_CMD_MONITOR,
};

struct gs_cmd {
	enum gs_cmd_kind kind;
	bool has_dev;
	bool has_vni;
	struct gs_dev dev;
	uint32_t vni;
	struct gs_peer peer;
	struct gs_route *routes;
	size_t n_routes;
	bool replace_routes;
	enum gs_sa_kind sa;
	struct gs_sa_key rx;
	struct gs_sa_key tx;
	bool has_spi;			/* del ... rx-sa spi SPI */
	uint32_t spi;
	bool json;
	bool stats;
	unsigned int key_bits;		/* genkey */
	bool stdin_used;		/* a key was read from standard input */
};

/* Parse one command (argv[0] is the command word); 0 or -1 (reported). */
int gs_parse(int argc, char **argv, struct gs_cmd *cmd);
/* "ADDR", "ADDR:PORT" or "[ADDR6]:PORT" (port 0: not given); errors printed. */
int gs_parse_peer(const char *text, struct gs_peer *peer);
/* Release a command, wiping its keys. */
void gs_cmd_free(struct gs_cmd *cmd);

/* ---- keys (key.c) -------------------------------------------------------- */

/*
 * Read a key given as @FILE, - (standard input) or inline hex; @what names
 * the word for errors, which never show key material. An inline key is
 * wiped from @arg once decoded.
 */
int gs_key_read(const char *what, char *arg, struct gs_key *key, bool *stdin_used);
int gs_genkey(unsigned int bits);

/* ---- the family (spec.c) ------------------------------------------------- */

enum gs_type {
	GS_T_U8,
	GS_T_U16,
	GS_T_U32,
	GS_T_UINT,			/* 4 or 8 bytes */
	GS_T_STRING,
	GS_T_BINARY,
	GS_T_FLAG,
	GS_T_NEST,
	GS_T_IPV4,			/* big-endian u32 */
	GS_T_IPV6,			/* 16 bytes */
	GS_T_SECRET,			/* binary never shown */
};

struct gs_aset;

struct gs_attr {
	const char *name;
	enum gs_type type;
	const struct gs_aset *nest;
};

struct gs_aset {
	unsigned int max;
	const struct gs_attr *attrs;	/* indexed by attribute type */
};

struct gs_op {
	const char *name;
	const struct gs_aset *aset;
};

extern const struct gs_aset gs_stats_set;
extern const struct gs_aset gs_dev_set;
extern const struct gs_aset gs_route_set;
extern const struct gs_aset gs_net_set;
extern const struct gs_aset gs_sa_key_set;
extern const struct gs_aset gs_sa_set;

const struct gs_op *gs_op(uint8_t cmd);
/* Attributes of one set in @tb (max + 1 entries); -1 if one is malformed. */
int gs_attr_parse_payload(const void *data, size_t len, const struct gs_aset *set,
			  const struct nlattr **tb);
int gs_attr_parse_nest(const struct nlattr *nest, const struct gs_aset *set,
		       const struct nlattr **tb);
uint64_t gs_attr_uint(const struct nlattr *attr);

/* ---- messages (msg.c) ----------------------------------------------------- */

struct gs_msg {
	char *buf;
	size_t cap;
	struct nlmsghdr *nlh;
	uint8_t cmd;
	bool dump;
};

/* A request with room for @payload bytes of attributes. */
struct gs_msg *gs_msg_new(uint8_t cmd, bool dump, size_t payload);
/* Free a request, wiping it: it may hold keys. */
void gs_msg_free(struct gs_msg *m);
void gs_msg_put_dev(struct gs_msg *m, const struct gs_dev *dev);
void gs_msg_put_u32(struct gs_msg *m, uint16_t type, uint32_t value);
/* Print a request as "op[:dump] attr=value ..." (keys as their length). */
void gs_msg_print(FILE *f, const struct gs_msg *m);

/* ---- netlink (netlink.c) ------------------------------------------------- */

struct gs_nl;

struct gs_nl_error {
	int err;			/* a negative errno */
	char msg[256];			/* the extended ack's message, if any */
};

/* Called with each reply; a negative return stops with that error. */
typedef int (*gs_nl_cb)(const struct nlmsghdr *nlh, void *data);

struct gs_nl *gs_nl_open(struct gs_nl_error *e);
void gs_nl_close(struct gs_nl *nl);
/* Send @m and read its replies; *intr tells whether a dump was interrupted. */
int gs_nl_request(struct gs_nl *nl, struct gs_msg *m, gs_nl_cb cb, void *data,
		  struct gs_nl_error *e, bool *intr);
/*
 * Join the genevesec multicast group and call @cb with each event until it
 * returns non-zero or the socket fails; events lost to a full receive
 * buffer are reported and the wait goes on.
 */
int gs_nl_monitor(struct gs_nl *nl, gs_nl_cb cb, void *data, struct gs_nl_error *e);
/* The same in parts, for a caller with its own poll loop: join the group,
 * the socket to poll, then the events that came (all, without @wait).
 */
int gs_nl_join(struct gs_nl *nl, struct gs_nl_error *e);
int gs_nl_fd(const struct gs_nl *nl);
int gs_nl_events(struct gs_nl *nl, gs_nl_cb cb, void *data, bool wait,
		 struct gs_nl_error *e);
/* In util.c, with the other messages. */
void gs_nl_perror(const struct gs_nl_error *e);

/* ---- running commands (cmd.c, show.c) ------------------------------------- */

struct gs_ctx {
	bool dry_run;
	bool dry_run_existing;		/* --dry-run=existing: set finds the network */
	struct gs_nl *nl;		/* opened on first use */
};

/*
 * Send a request, or print it with --dry-run (then @cb is not called).
 * Errors are printed unless @e is given. A dump is started again when the
 * kernel reports it changed meanwhile, after @reset(@data).
 */
int gs_send(struct gs_ctx *ctx, struct gs_msg *m, gs_nl_cb cb, void (*reset)(void *),
	    void *data, struct gs_nl_error *e);

/* Open the socket on first use (not with --dry-run); -1 (reported). */
int gs_ctx_open(struct gs_ctx *ctx);
int gs_cmd_run(struct gs_ctx *ctx, struct gs_cmd *cmd);
int gs_show(struct gs_ctx *ctx, const struct gs_cmd *cmd);
int gs_monitor(struct gs_ctx *ctx, const struct gs_cmd *cmd);
/* One event as a line of text or JSON; -EBADMSG if it is malformed. */
int gs_event_print(FILE *f, const struct nlmsghdr *nlh, bool json);

#endif /* GENEVESEC_TOOL_H */
