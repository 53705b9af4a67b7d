// SPDX-License-Identifier: GPL-2.0
/*
 * genevesecd: one QUIC connection of ICX's control plane. See quic.h and
 * icx-control-plane.md sections 2.2, 2.3 and 2.7.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gnutls/abstract.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <ngtcp2/ngtcp2.h>
#include <ngtcp2/ngtcp2_crypto.h>
#include <ngtcp2/ngtcp2_crypto_gnutls.h>

#include "quic.h"

/* TLS 1.3 only, AES-GCM suites, P-256 (then P-384) key shares. */
#define ICX_PRIORITY							\
	"NORMAL:-VERS-ALL:+VERS-TLS1.3:-CIPHER-ALL:+AES-128-GCM:"	\
	"+AES-256-GCM:-GROUP-ALL:+GROUP-SECP256R1:+GROUP-SECP384R1:"	\
	"%DISABLE_TLS13_COMPAT_MODE"

#define ICX_MAX_STREAMS_BIDI	4	/* as the Go responder grants */
#define ICX_STREAM_WINDOW	(64 * 1024)

struct icx_quic {
	ngtcp2_conn *conn;
	ngtcp2_crypto_conn_ref conn_ref;
	gnutls_session_t session;
	gnutls_certificate_credentials_t cred;
	gnutls_x509_crt_t crt;
	uint8_t *pins;
	size_t n_pins, pin;	/* (pin: the one the peer proved) */
	int fd;
	struct sockaddr_storage local, remote;
	socklen_t local_len, remote_len;
	/* established: the handshake checked and, for a client, confirmed
	 * by the server (HANDSHAKE_DONE), which it sends only once it has
	 * accepted our certificate (section 1.5): before, a refused client
	 * would think itself connected and install its first receive SA.
	 */
	bool checked, established, pin_failed;
	bool answer_from_local;	/* a server: from the address dialed */
	char error[128];
	/* The current exchange's stream (-1: none). */
	struct {
		int64_t id;
		uint8_t rx[ICX_STREAM_MAX + 1];
		size_t rx_len;
		bool rx_fin;
		uint8_t tx[ICX_STREAM_MAX];
		size_t tx_len, tx_off;
		bool tx_pending;	/* data or FIN not yet written */
	} st;
};

static ngtcp2_tstamp now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * NGTCP2_SECONDS + ts.tv_nsec;
}

static void set_error(struct icx_quic *q, const char *what, const char *why)
{
	if (!q->error[0])
		snprintf(q->error, sizeof(q->error), "%s%s%s", what,
			 why ? ": " : "", why ? why : "");
}

static ngtcp2_conn *get_conn(ngtcp2_crypto_conn_ref *ref)
{
	return ((struct icx_quic *)ref->user_data)->conn;
}

/* ---- TLS ------------------------------------------------------------- */

/* Whether @spki is one of the pins; q->pin says which. */
static bool pinned(struct icx_quic *q, const uint8_t *spki)
{
	for (q->pin = 0; q->pin < q->n_pins; q->pin++)
		if (!memcmp(spki, q->pins + q->pin * ICX_SPKI_LEN, ICX_SPKI_LEN))
			return true;
	return false;
}

/*
 * Section 1.5: the peer's leaf certificate must carry a pinned key;
 * nothing else about it (chain, names, dates) is looked at.
 */
static int verify_pin(gnutls_session_t session)
{
	struct icx_quic *q = ((ngtcp2_crypto_conn_ref *)
			      gnutls_session_get_ptr(session))->user_data;
	const gnutls_datum_t *certs;
	gnutls_x509_crt_t crt = NULL;
	gnutls_pubkey_t pub = NULL;
	gnutls_datum_t der = { 0 };
	unsigned int n = 0;
	int ok = 0;

	certs = gnutls_certificate_get_peers(session, &n);
	if (certs && n &&
	    gnutls_x509_crt_init(&crt) >= 0 &&
	    gnutls_x509_crt_import(crt, &certs[0], GNUTLS_X509_FMT_DER) >= 0 &&
	    gnutls_pubkey_init(&pub) >= 0 &&
	    gnutls_pubkey_import_x509(pub, crt, 0) >= 0 &&
	    gnutls_pubkey_export2(pub, GNUTLS_X509_FMT_DER, &der) >= 0 &&
	    der.size == ICX_SPKI_LEN)
		ok = pinned(q, der.data);
	gnutls_free(der.data);
	if (pub)
		gnutls_pubkey_deinit(pub);
	if (crt)
		gnutls_x509_crt_deinit(crt);
	if (!ok) {
		q->pin_failed = true;
		set_error(q, "the peer's key is not the pinned one", NULL);
		return GNUTLS_E_CERTIFICATE_ERROR;
	}
	return 0;
}

static int tls_init(struct icx_quic *q, const struct icx_quic_cfg *cfg,
		    bool server)
{
	static const gnutls_datum_t alpn = {
		(unsigned char *)ICX_ALPN, sizeof(ICX_ALPN) - 1
	};
	unsigned int flags = GNUTLS_NO_END_OF_EARLY_DATA;
	int err;

	flags |= server ? GNUTLS_SERVER | GNUTLS_NO_TICKETS : GNUTLS_CLIENT;
	err = icx_identity_certificate(cfg->id, time(NULL), &q->crt);
	if (err < 0)
		goto fail;
	if ((err = gnutls_certificate_allocate_credentials(&q->cred)) < 0 ||
	    (err = gnutls_certificate_set_x509_key(q->cred, &q->crt, 1,
						   cfg->id->key)) < 0 ||
	    (err = gnutls_init(&q->session, flags)) < 0 ||
	    (err = gnutls_priority_set_direct(q->session, ICX_PRIORITY,
					      NULL)) < 0)
		goto fail;
	gnutls_certificate_set_verify_function(q->cred, verify_pin);
	if (server ? ngtcp2_crypto_gnutls_configure_server_session(q->session) :
		     ngtcp2_crypto_gnutls_configure_client_session(q->session)) {
		err = GNUTLS_E_INTERNAL_ERROR;
		goto fail;
	}
	gnutls_session_set_ptr(q->session, &q->conn_ref);
	err = gnutls_credentials_set(q->session, GNUTLS_CRD_CERTIFICATE, q->cred);
	if (err < 0)
		goto fail;
	if (server)
		gnutls_certificate_server_set_request(q->session,
						      GNUTLS_CERT_REQUIRE);
	else
		gnutls_server_name_set(q->session, GNUTLS_NAME_DNS, "icx", 3);
	err = gnutls_alpn_set_protocols(q->session, &alpn, 1,
					GNUTLS_ALPN_MANDATORY);
	if (err < 0)
		goto fail;
	return 0;
fail:
	set_error(q, "TLS setup", gnutls_strerror(err));
	return -1;
}

/* ---- QUIC callbacks --------------------------------------------------- */

static void rand_cb(uint8_t *dest, size_t len, const ngtcp2_rand_ctx *ctx)
{
	(void)ctx;
	gnutls_rnd(GNUTLS_RND_RANDOM, dest, len);
}

static int new_cid_cb(ngtcp2_conn *conn, ngtcp2_cid *cid, uint8_t *token,
		      size_t len, void *user)
{
	(void)conn;
	(void)user;
	if (gnutls_rnd(GNUTLS_RND_RANDOM, cid->data, len) ||
	    gnutls_rnd(GNUTLS_RND_RANDOM, token, NGTCP2_STATELESS_RESET_TOKENLEN))
		return NGTCP2_ERR_CALLBACK_FAILURE;
	cid->datalen = len;
	return 0;
}

static int handshake_completed_cb(ngtcp2_conn *conn, void *user)
{
	struct icx_quic *q = user;
	gnutls_datum_t proto = { 0 };

	/* Section 2.3: TLS 1.3, our protocol, no resumption. */
	if (gnutls_protocol_get_version(q->session) != GNUTLS_TLS1_3)
		set_error(q, "not TLS 1.3", NULL);
	else if (gnutls_alpn_get_selected_protocol(q->session, &proto) < 0 ||
		 proto.size != sizeof(ICX_ALPN) - 1 ||
		 memcmp(proto.data, ICX_ALPN, proto.size))
		set_error(q, "alpn mismatch", NULL);
	else if (gnutls_session_is_resumed(q->session))
		set_error(q, "session resumption forbidden", NULL);
	else
		q->checked = true;
	/* (A server's handshake is confirmed when it completes.) */
	q->established = q->checked && ngtcp2_conn_is_server(conn);
	return q->checked ? 0 : NGTCP2_ERR_CALLBACK_FAILURE;
}

static int handshake_confirmed_cb(ngtcp2_conn *conn, void *user)
{
	struct icx_quic *q = user;

	(void)conn;
	q->established = q->checked;
	return 0;
}

/* A new stream from the initiator becomes the current exchange. */
static int stream_open_cb(ngtcp2_conn *conn, int64_t id, void *user)
{
	struct icx_quic *q = user;

	(void)conn;
	if (!ngtcp2_is_bidi_stream(id))
		return 0;	/* (none are granted) */
	memset(&q->st, 0, sizeof(q->st));
	q->st.id = id;
	return 0;
}

static int recv_stream_data_cb(ngtcp2_conn *conn, uint32_t flags, int64_t id,
			       uint64_t offset, const uint8_t *data,
			       size_t len, void *user, void *stream_user)
{
	struct icx_quic *q = user;
	size_t room;

	(void)offset;
	(void)stream_user;
	if (id == q->st.id) {
		/* Past one frame the exchange fails anyway: keep a byte
		 * more than the most a frame can be, to tell.
		 */
		room = sizeof(q->st.rx) - q->st.rx_len;
		if (len > room)
			len = room;
		memcpy(q->st.rx + q->st.rx_len, data, len);
		q->st.rx_len += len;
		if (flags & NGTCP2_STREAM_DATA_FLAG_FIN)
			q->st.rx_fin = true;
	}
	/* Flow control: what was read is read. */
	ngtcp2_conn_extend_max_stream_offset(conn, id, len);
	ngtcp2_conn_extend_max_offset(conn, len);
	return 0;
}

/* Section 2.6: the responder gives back a stream's credit when it ends. */
static int stream_close_cb(ngtcp2_conn *conn, uint32_t flags, int64_t id,
			   uint64_t app_error_code, void *user,
			   void *stream_user)
{
	(void)flags;
	(void)app_error_code;
	(void)user;
	(void)stream_user;
	if (!ngtcp2_conn_is_server(conn) || !ngtcp2_is_bidi_stream(id))
		return 0;
	ngtcp2_conn_extend_max_streams_bidi(conn, 1);
	return 0;
}

/* The callbacks of either end: ngtcp2's crypto helpers and ours. */
static void quic_callbacks(ngtcp2_callbacks *cb, bool server)
{
	memset(cb, 0, sizeof(*cb));
	if (server) {
		cb->recv_client_initial = ngtcp2_crypto_recv_client_initial_cb;
		cb->stream_open = stream_open_cb;
		cb->stream_close = stream_close_cb;
	} else {
		cb->client_initial = ngtcp2_crypto_client_initial_cb;
		cb->recv_retry = ngtcp2_crypto_recv_retry_cb;
	}
	cb->recv_crypto_data = ngtcp2_crypto_recv_crypto_data_cb;
	cb->handshake_completed = handshake_completed_cb;
	cb->handshake_confirmed = handshake_confirmed_cb;
	cb->encrypt = ngtcp2_crypto_encrypt_cb;
	cb->decrypt = ngtcp2_crypto_decrypt_cb;
	cb->hp_mask = ngtcp2_crypto_hp_mask_cb;
	cb->recv_stream_data = recv_stream_data_cb;
	cb->rand = rand_cb;
	cb->get_new_connection_id = new_cid_cb;
	cb->update_key = ngtcp2_crypto_update_key_cb;
	cb->delete_crypto_aead_ctx = ngtcp2_crypto_delete_crypto_aead_ctx_cb;
	cb->delete_crypto_cipher_ctx = ngtcp2_crypto_delete_crypto_cipher_ctx_cb;
	cb->get_path_challenge_data = ngtcp2_crypto_get_path_challenge_data_cb;
	cb->version_negotiation = ngtcp2_crypto_version_negotiation_cb;
}

static void quic_settings(ngtcp2_settings *s, ngtcp2_transport_params *p,
			  bool server)
{
	ngtcp2_settings_default(s);
	s->initial_ts = now_ns();
	s->handshake_timeout = ICX_HANDSHAKE_TIMEOUT_S * NGTCP2_SECONDS;
	ngtcp2_transport_params_default(p);
	p->max_idle_timeout = ICX_IDLE_TIMEOUT_S * NGTCP2_SECONDS;
	/* Only the initiator opens streams, bidirectional ones. */
	p->initial_max_streams_bidi = server ? ICX_MAX_STREAMS_BIDI : 0;
	p->initial_max_streams_uni = 0;
	p->initial_max_stream_data_bidi_local = ICX_STREAM_WINDOW;
	p->initial_max_stream_data_bidi_remote = ICX_STREAM_WINDOW;
	p->initial_max_data = 4 * ICX_STREAM_WINDOW;
}

static struct icx_quic *quic_new(const struct icx_quic_cfg *cfg,
				 const struct sockaddr *remote,
				 socklen_t remote_len, bool server)
{
	struct icx_quic *q = calloc(1, sizeof(*q));

	if (!q || remote_len > sizeof(q->remote))
		goto fail;
	q->conn_ref.get_conn = get_conn;
	q->conn_ref.user_data = q;
	q->st.id = -1;
	if (!cfg->n_pins)
		goto fail;
	q->pins = malloc(cfg->n_pins * ICX_SPKI_LEN);
	if (!q->pins)
		goto fail;
	memcpy(q->pins, cfg->pins, cfg->n_pins * ICX_SPKI_LEN);
	q->n_pins = cfg->n_pins;
	q->fd = cfg->fd;
	memcpy(&q->local, &cfg->local, cfg->local_len);
	q->local_len = cfg->local_len;
	memcpy(&q->remote, remote, remote_len);
	q->remote_len = remote_len;
	if (tls_init(q, cfg, server))
		goto fail;
	return q;
fail:
	icx_quic_free(q);
	return NULL;
}

static ngtcp2_path quic_path(struct icx_quic *q)
{
	ngtcp2_path path = {
		.local = { (ngtcp2_sockaddr *)&q->local, q->local_len },
		.remote = { (ngtcp2_sockaddr *)&q->remote, q->remote_len },
	};

	return path;
}

struct icx_quic *icx_quic_connect(const struct icx_quic_cfg *cfg,
				  const struct sockaddr *remote,
				  socklen_t remote_len)
{
	struct icx_quic *q = quic_new(cfg, remote, remote_len, false);
	ngtcp2_transport_params params;
	ngtcp2_callbacks callbacks;
	ngtcp2_settings settings;
	ngtcp2_cid dcid, scid;
	ngtcp2_path path;

	if (!q)
		return NULL;
	dcid.datalen = NGTCP2_MIN_INITIAL_DCIDLEN;
	scid.datalen = 8;
	gnutls_rnd(GNUTLS_RND_RANDOM, dcid.data, dcid.datalen);
	gnutls_rnd(GNUTLS_RND_RANDOM, scid.data, scid.datalen);
	quic_settings(&settings, &params, false);
	quic_callbacks(&callbacks, false);
	path = quic_path(q);
	if (ngtcp2_conn_client_new(&q->conn, &dcid, &scid, &path,
				   NGTCP2_PROTO_VER_V1, &callbacks,
				   &settings, &params, NULL, q)) {
		icx_quic_free(q);
		return NULL;
	}
	ngtcp2_conn_set_tls_native_handle(q->conn, q->session);
	ngtcp2_conn_set_keep_alive_timeout(q->conn, ICX_KEEPALIVE_S * NGTCP2_SECONDS);
	return q;
}

int icx_quic_want_dst(int fd, int family)
{
	int on = 1;

	if (family == AF_INET6)
		return setsockopt(fd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &on, sizeof(on));
	return setsockopt(fd, IPPROTO_IP, IP_PKTINFO, &on, sizeof(on));
}

ssize_t icx_quic_recvmsg(int fd, uint8_t *buf, size_t size,
			 struct sockaddr_storage *from, socklen_t *from_len,
			 struct sockaddr_storage *to)
{
	union {
		char buf[CMSG_SPACE(sizeof(struct in6_pktinfo))];
		struct cmsghdr align;
	} control;
	struct iovec iov = { buf, size };
	struct msghdr msg = {
		.msg_name = from, .msg_namelen = sizeof(*from),
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = control.buf, .msg_controllen = sizeof(control.buf),
	};
	struct cmsghdr *c;
	ssize_t n;

	n = recvmsg(fd, &msg, MSG_DONTWAIT);
	if (n < 0)
		return n;
	*from_len = msg.msg_namelen;
	memset(to, 0, sizeof(*to));
	for (c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
		if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO) {
			struct sockaddr_in *a = (struct sockaddr_in *)to;
			struct in_pktinfo pi;

			memcpy(&pi, CMSG_DATA(c), sizeof(pi));
			a->sin_family = AF_INET;
			a->sin_addr = pi.ipi_addr;
		} else if (c->cmsg_level == IPPROTO_IPV6 &&
			   c->cmsg_type == IPV6_PKTINFO) {
			struct sockaddr_in6 *a = (struct sockaddr_in6 *)to;
			struct in6_pktinfo pi;

			memcpy(&pi, CMSG_DATA(c), sizeof(pi));
			a->sin6_family = AF_INET6;
			a->sin6_addr = pi.ipi6_addr;
			if (IN6_IS_ADDR_LINKLOCAL(&pi.ipi6_addr))
				a->sin6_scope_id = pi.ipi6_ifindex;
		}
	}
	return n;
}

/*
 * A datagram to the peer. A server sends it from the address the client
 * dialed: a wildcard socket's reply would otherwise leave from whatever
 * address the route back prefers, and the client, seeing another path
 * before the handshake is done, would drop it.
 */
static ssize_t quic_send(struct icx_quic *q, const uint8_t *buf, size_t n)
{
	union {
		char buf[CMSG_SPACE(sizeof(struct in6_pktinfo))];
		struct cmsghdr align;
	} control;
	struct iovec iov = { (void *)buf, n };
	struct msghdr msg = {
		.msg_name = &q->remote, .msg_namelen = q->remote_len,
		.msg_iov = &iov, .msg_iovlen = 1,
	};
	struct cmsghdr *c;

	if (!q->answer_from_local)
		return sendto(q->fd, buf, n, 0, (struct sockaddr *)&q->remote,
			      q->remote_len);
	memset(&control, 0, sizeof(control));
	msg.msg_control = control.buf;
	c = (struct cmsghdr *)control.buf;
	if (q->local.ss_family == AF_INET6) {
		struct in6_pktinfo pi = {
			.ipi6_addr = ((struct sockaddr_in6 *)&q->local)->sin6_addr,
			.ipi6_ifindex = ((struct sockaddr_in6 *)&q->local)->sin6_scope_id,
		};

		c->cmsg_level = IPPROTO_IPV6;
		c->cmsg_type = IPV6_PKTINFO;
		c->cmsg_len = CMSG_LEN(sizeof(pi));
		memcpy(CMSG_DATA(c), &pi, sizeof(pi));
		msg.msg_controllen = CMSG_SPACE(sizeof(pi));
	} else {
		struct in_pktinfo pi = {
			.ipi_spec_dst = ((struct sockaddr_in *)&q->local)->sin_addr,
		};

		c->cmsg_level = IPPROTO_IP;
		c->cmsg_type = IP_PKTINFO;
		c->cmsg_len = CMSG_LEN(sizeof(pi));
		memcpy(CMSG_DATA(c), &pi, sizeof(pi));
		msg.msg_controllen = CMSG_SPACE(sizeof(pi));
	}
	return sendmsg(q->fd, &msg, 0);
}

struct icx_quic *icx_quic_accept(const struct icx_quic_cfg *cfg,
				 const uint8_t *pkt, size_t len,
				 const struct sockaddr *from,
				 socklen_t from_len,
				 const struct sockaddr_storage *to)
{
	ngtcp2_transport_params params;
	ngtcp2_callbacks callbacks;
	ngtcp2_settings settings;
	ngtcp2_path path;
	struct icx_quic *q;
	ngtcp2_pkt_hd hd;
	ngtcp2_cid scid;

	if (ngtcp2_accept(&hd, pkt, len))
		return NULL;
	q = quic_new(cfg, from, from_len, true);
	if (!q)
		return NULL;
	/* The path's local end: the address dialed, at our port. */
	if (to && to->ss_family == q->local.ss_family) {
		if (to->ss_family == AF_INET6) {
			((struct sockaddr_in6 *)&q->local)->sin6_addr =
				((const struct sockaddr_in6 *)to)->sin6_addr;
			((struct sockaddr_in6 *)&q->local)->sin6_scope_id =
				((const struct sockaddr_in6 *)to)->sin6_scope_id;
		} else {
			((struct sockaddr_in *)&q->local)->sin_addr =
				((const struct sockaddr_in *)to)->sin_addr;
		}
		q->answer_from_local = true;
	}
	scid.datalen = 8;
	gnutls_rnd(GNUTLS_RND_RANDOM, scid.data, scid.datalen);
	quic_settings(&settings, &params, true);
	quic_callbacks(&callbacks, true);
	params.original_dcid = hd.dcid;
	path = quic_path(q);
	if (ngtcp2_conn_server_new(&q->conn, &hd.scid, &scid, &path, hd.version,
				   &callbacks, &settings, &params, NULL,
				   q)) {
		icx_quic_free(q);
		return NULL;
	}
	ngtcp2_conn_set_tls_native_handle(q->conn, q->session);
	ngtcp2_conn_set_keep_alive_timeout(q->conn, ICX_KEEPALIVE_S * NGTCP2_SECONDS);
	if (icx_quic_recv(q, pkt, len, from, from_len)) {
		icx_quic_free(q);
		return NULL;
	}
	return q;
}

/* Sends the CONNECTION_CLOSE that @ccerr describes. */
static void send_close(struct icx_quic *q,
		       const ngtcp2_connection_close_error *ccerr)
{
	ngtcp2_path_storage ps;
	ngtcp2_pkt_info pi;
	uint8_t buf[1500];
	ngtcp2_ssize n;

	ngtcp2_path_storage_zero(&ps);
	n = ngtcp2_conn_write_connection_close(q->conn, &ps.path, &pi, buf,
					       sizeof(buf), ccerr, now_ns());
	if (n > 0)
		quic_send(q, buf, n);
}

/* The connection ends: say so to the peer, once. */
static int quic_close(struct icx_quic *q, int liberr)
{
	ngtcp2_connection_close_error ccerr;

	if (liberr == NGTCP2_ERR_DRAINING && !q->error[0]) {
		/* The peer closed: with which code (a TLS alert is 0x1XX). */
		ngtcp2_conn_get_connection_close_error(q->conn, &ccerr);
		snprintf(q->error, sizeof(q->error),
			 "the peer closed the connection (code 0x%llx%s%.*s)",
			 (unsigned long long)ccerr.error_code,
			 ccerr.reasonlen ? ": " : "", (int)ccerr.reasonlen,
			 (const char *)ccerr.reason);
	}
	if (!q->error[0])
		set_error(q, "QUIC", ngtcp2_strerror(liberr));
	if (liberr == NGTCP2_ERR_DRAINING ||
	    ngtcp2_conn_is_in_closing_period(q->conn) ||
	    ngtcp2_conn_is_in_draining_period(q->conn))
		return -1;
	ngtcp2_connection_close_error_default(&ccerr);
	if (q->pin_failed)
		ngtcp2_connection_close_error_set_transport_error_tls_alert(
			&ccerr, GNUTLS_A_BAD_CERTIFICATE, NULL, 0);
	else
		ngtcp2_connection_close_error_set_transport_error_liberr(
			&ccerr, liberr, NULL, 0);
	send_close(q, &ccerr);
	return -1;
}

int icx_quic_recv(struct icx_quic *q, const uint8_t *pkt, size_t len,
		  const struct sockaddr *from, socklen_t from_len)
{
	ngtcp2_pkt_info pi = { 0 };
	ngtcp2_path path = quic_path(q);
	int err;

	path.remote.addr = (ngtcp2_sockaddr *)from;
	path.remote.addrlen = from_len;
	err = ngtcp2_conn_read_pkt(q->conn, &path, &pi, pkt, len, now_ns());
	if (err)
		return quic_close(q, err);
	return icx_quic_flush(q);
}

int icx_quic_flush(struct icx_quic *q)
{
	ngtcp2_path_storage ps;
	ngtcp2_pkt_info pi;
	uint8_t buf[1500];
	ngtcp2_ssize n;

	if (q->error[0])
		return -1;
	for (;;) {
		ngtcp2_path_storage_zero(&ps);
		if (q->st.tx_pending) {
			ngtcp2_vec v = {
				q->st.tx + q->st.tx_off,
				q->st.tx_len - q->st.tx_off,
			};
			ngtcp2_ssize sent = -1;

			n = ngtcp2_conn_writev_stream(q->conn, &ps.path, &pi,
						      buf, sizeof(buf), &sent,
						      NGTCP2_WRITE_STREAM_FLAG_FIN,
						      q->st.id, &v, 1, now_ns());
			if (n == NGTCP2_ERR_STREAM_DATA_BLOCKED ||
			    n == NGTCP2_ERR_STREAM_SHUT_WR) {
				/* Later, when the peer gives room. */
				n = ngtcp2_conn_write_pkt(q->conn, &ps.path,
							  &pi, buf, sizeof(buf),
							  now_ns());
			} else if (n >= 0 && sent >= 0) {
				q->st.tx_off += sent;
				if (q->st.tx_off == q->st.tx_len)
					q->st.tx_pending = false;
			}
		} else {
			n = ngtcp2_conn_write_pkt(q->conn, &ps.path, &pi, buf,
						  sizeof(buf), now_ns());
		}
		if (n < 0)
			return quic_close(q, (int)n);
		if (!n)
			return 0;
		if (quic_send(q, buf, n) < 0 && errno != EAGAIN)
			set_error(q, "sendto", strerror(errno));
	}
}

int icx_quic_expiry_ms(struct icx_quic *q)
{
	ngtcp2_tstamp expiry = ngtcp2_conn_get_expiry(q->conn), now = now_ns();

	if (expiry <= now)
		return 0;
	if (expiry - now > 3600 * NGTCP2_SECONDS)
		return 3600 * 1000;
	return (expiry - now + NGTCP2_MILLISECONDS - 1) / NGTCP2_MILLISECONDS;
}

int icx_quic_on_expiry(struct icx_quic *q)
{
	int err = ngtcp2_conn_handle_expiry(q->conn, now_ns());

	if (err)
		return quic_close(q, err);
	return icx_quic_flush(q);
}

bool icx_quic_established(const struct icx_quic *q)
{
	return q->established && !q->error[0];
}

const uint8_t *icx_quic_pinned_key(const struct icx_quic *q)
{
	return q->pins + q->pin * ICX_SPKI_LEN;
}

int icx_quic_root(struct icx_quic *q, uint8_t root[ICX_ROOT_LEN])
{
	if (!icx_quic_established(q))
		return -1;
	if (gnutls_prf_rfc5705(q->session, sizeof(ICX_EXPORTER_LABEL) - 1,
			       ICX_EXPORTER_LABEL,
			       sizeof(ICX_EXPORTER_CONTEXT) - 1,
			       ICX_EXPORTER_CONTEXT, ICX_ROOT_LEN,
			       (char *)root) < 0) {
		set_error(q, "exporter failure", NULL);
		return -1;
	}
	return 0;
}

/* Queues @len bytes and FIN on the current stream, and sends them. */
static int stream_send(struct icx_quic *q, const uint8_t *data, size_t len)
{
	if (q->st.id < 0 || len > sizeof(q->st.tx) || q->st.tx_pending ||
	    q->st.tx_len)
		return -1;
	memcpy(q->st.tx, data, len);
	q->st.tx_len = len;
	q->st.tx_off = 0;
	q->st.tx_pending = true;
	return icx_quic_flush(q);
}

int icx_quic_exchange_open(struct icx_quic *q, const uint8_t *data,
			   size_t len)
{
	int64_t id;
	int err;

	if (!icx_quic_established(q) || ngtcp2_conn_is_server(q->conn))
		return -1;
	err = ngtcp2_conn_open_bidi_stream(q->conn, &id, NULL);
	if (err) {
		/* No credit: the peer has not freed a stream (section 2.6). */
		set_error(q, "no stream credit from the peer",
			  ngtcp2_strerror(err));
		return -1;
	}
	memset(&q->st, 0, sizeof(q->st));
	q->st.id = id;
	return stream_send(q, data, len);
}

int icx_quic_exchange_reply(struct icx_quic *q, const uint8_t *data,
			    size_t len)
{
	if (!icx_quic_established(q) || !ngtcp2_conn_is_server(q->conn))
		return -1;
	return stream_send(q, data, len);
}

int64_t icx_quic_exchange_received(const struct icx_quic *q,
				   const uint8_t **data, size_t *len,
				   bool *fin)
{
	*data = q->st.rx;
	*len = q->st.rx_len;
	*fin = q->st.rx_fin || q->st.rx_len > ICX_STREAM_MAX;
	return q->st.id;
}

bool icx_quic_owns(struct icx_quic *q, const uint8_t *pkt, size_t len)
{
	const ngtcp2_cid *initial;
	ngtcp2_version_cid vc;
	ngtcp2_cid *scids;
	bool owns = false;
	size_t i, n;

	if (ngtcp2_pkt_decode_version_cid(&vc, pkt, len, 8))
		return false;
	if (ngtcp2_conn_is_server(q->conn)) {
		initial = ngtcp2_conn_get_client_initial_dcid(q->conn);
		if (initial->datalen == vc.dcidlen &&
		    !memcmp(initial->data, vc.dcid, vc.dcidlen))
			return true;
	}
	n = ngtcp2_conn_get_num_scid(q->conn);
	scids = calloc(n ? n : 1, sizeof(*scids));
	if (!scids)
		return false;
	ngtcp2_conn_get_scid(q->conn, scids);
	for (i = 0; i < n && !owns; i++)
		owns = scids[i].datalen == vc.dcidlen &&
		       !memcmp(scids[i].data, vc.dcid, vc.dcidlen);
	free(scids);
	return owns;
}

void icx_quic_close(struct icx_quic *q)
{
	ngtcp2_connection_close_error ccerr;

	if (q->error[0])
		return;
	set_error(q, "closed", NULL);
	ngtcp2_connection_close_error_default(&ccerr);
	ngtcp2_connection_close_error_set_application_error(&ccerr, 0, NULL, 0);
	send_close(q, &ccerr);
}

const char *icx_quic_error(const struct icx_quic *q)
{
	return q->error;
}

void icx_quic_free(struct icx_quic *q)
{
	if (!q)
		return;
	if (q->conn)
		ngtcp2_conn_del(q->conn);
	if (q->session)
		gnutls_deinit(q->session);
	if (q->cred)
		gnutls_certificate_free_credentials(q->cred);
	if (q->crt)
		gnutls_x509_crt_deinit(q->crt);
	free(q->pins);
	free(q);
}
