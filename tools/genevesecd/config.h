/* SPDX-License-Identifier: GPL-2.0 */
/*
 * genevesecd: the configuration file, for many peers on one device (one
 * QUIC connection and one network each). Its settings are the command
 * line's long options, one per line; those before the first [peer] are
 * the device's and every peer's defaults:
 *
 *   key = /etc/genevesec/gs0.key
 *   device = gs0
 *   rekey-interval = 120
 *
 *   [peer]
 *   endpoint = 192.0.2.2:6081
 *   peer-key = MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE...
 *   vni = 12
 *   allowed-route = 10.0.1.0/24=10.0.2.0/24
 *
 * Pure: text in, settings out (the key files are read by the caller).
 */
#ifndef GENEVESECD_CONFIG_H
#define GENEVESECD_CONFIG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct gsd_peer_cfg {
	char *endpoint;			/* the peer's data plane, IP:PORT */
	char *peer_key;			/* its public key, or a file holding it */
	uint32_t vni;
	uint32_t interval;		/* rekey interval, seconds */
	uint16_t control_port, peer_control_port;
	char **routes;			/* allowed-route LOCAL=REMOTE */
	int n_routes;
	unsigned int line;		/* of its [peer]; 0 on the command line */
};

struct gsd_config {
	char *key;			/* this host's identity file */
	char *device;
	struct gsd_peer_cfg *peers;
	int n_peers;
};

/*
 * Parses @text into @c (zeroed first; free with gsd_config_free()). On
 * an error returns -1 with @why set to "line N: what" (or "what", for
 * the file as a whole).
 */
int gsd_config_parse(const char *text, struct gsd_config *c, char *why,
		     size_t why_len);
void gsd_config_free(struct gsd_config *c);

/* Whether the two peers' settings are the same, every one of them. */
bool gsd_peer_cfg_equal(const struct gsd_peer_cfg *a,
			const struct gsd_peer_cfg *b);
/* A copy (0), or -1 when out of memory. */
int gsd_peer_cfg_copy(struct gsd_peer_cfg *dst, const struct gsd_peer_cfg *src);
void gsd_peer_cfg_free(struct gsd_peer_cfg *p);

#endif /* GENEVESECD_CONFIG_H */
