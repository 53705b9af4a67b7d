// SPDX-License-Identifier: GPL-2.0
/*
 * Keys: read as hex from a file, standard input or the command line, and
 * generated. Key text and bytes live in buffers that are wiped once used;
 * files are read with read(2) rather than stdio so that no library buffer
 * keeps a copy. Error messages name the word and file, never the key.
 */

#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "genevesec.h"

/* Room for a 32-byte key with generous whitespace, comments excluded. */
#define GS_KEY_TEXT_MAX	1024

static int gs_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Decode hex, whitespace allowed anywhere, into a 16- or 32-byte key. */
static int gs_key_decode(const char *what, const char *from, const char *text, size_t len,
			 struct gs_key *key)
{
	size_t i, digits = 0;
	int hi = -1, d;

	for (i = 0; i < len; i++) {
		if (isspace((unsigned char)text[i]))
			continue;
		if (gs_hex_digit(text[i]) < 0) {
			gs_err("%s%s: a key is hexadecimal", what, from);
			return -1;
		}
		digits++;
	}
	if (digits % 2) {
		gs_err("%s%s: a key has an even number of hex digits, not %zu",
		       what, from, digits);
		return -1;
	}
	if (digits != 32 && digits != 64) {
		gs_err("%s%s: a key is 16 or 32 bytes (32 or 64 hex digits), not %zu byte%s",
		       what, from, digits / 2, digits == 2 ? "" : "s");
		return -1;
	}
	key->len = 0;
	for (i = 0; i < len; i++) {
		d = gs_hex_digit(text[i]);
		if (d < 0)
			continue;
		if (hi < 0) {
			hi = d;
		} else {
			key->bytes[key->len++] = (uint8_t)(hi << 4 | d);
			hi = -1;
		}
	}
	return 0;
}

/* Read all of @fd into @buf; -1 if it does not fit or cannot be read. */
static int gs_key_slurp(const char *what, const char *from, int fd, char *buf, size_t *len)
{
	ssize_t n;

	*len = 0;
	for (;;) {
		n = read(fd, buf + *len, GS_KEY_TEXT_MAX - *len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			gs_err("%s%s: %s", what, from, strerror(errno));
			return -1;
		}
		if (!n)
			return 0;
		*len += n;
		if (*len == GS_KEY_TEXT_MAX) {
			gs_err("%s%s: too long for a key", what, from);
			return -1;
		}
	}
}

int gs_key_read(const char *what, char *arg, struct gs_key *key, bool *stdin_used)
{
	char buf[GS_KEY_TEXT_MAX];
	char from[4096 + 3];
	size_t len = 0;
	int fd, err;

	memset(key, 0, sizeof(*key));
	if (arg[0] != '@' && strcmp(arg, "-")) {
		err = gs_key_decode(what, "", arg, strlen(arg), key);
		/* Shorten the time it shows in ps (it did until now). */
		explicit_bzero(arg, strlen(arg));
		goto out;
	}
	snprintf(from, sizeof(from), " %s", arg);
	if (arg[0] == '@') {
		fd = open(arg + 1, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			gs_err("%s %s: %s", what, arg, strerror(errno));
			return -1;
		}
		err = gs_key_slurp(what, from, fd, buf, &len);
		close(fd);
	} else {
		if (gs_batch_stdin || *stdin_used) {
			gs_err("%s -: %s", what, gs_batch_stdin ?
			       "the batch is read from standard input, not a key" :
			       "only one key can be read from standard input");
			return -1;
		}
		*stdin_used = true;
		err = gs_key_slurp(what, from, STDIN_FILENO, buf, &len);
	}
	if (!err)
		err = gs_key_decode(what, from, buf, len, key);
	explicit_bzero(buf, sizeof(buf));
out:
	if (err)
		explicit_bzero(key, sizeof(*key));
	return err;
}

int gs_genkey(unsigned int bits)
{
	uint8_t key[GS_KEY_MAX];
	size_t len = bits / 8, done = 0;
	char text[2 * GS_KEY_MAX + 2];
	ssize_t n;
	size_t i;

	while (done < len) {
		n = getrandom(key + done, len - done, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			gs_err("getrandom: %s", strerror(errno));
			return -1;
		}
		done += n;
	}
	for (i = 0; i < len; i++)
		snprintf(text + 2 * i, 3, "%02x", key[i]);
	text[2 * len] = '\n';
	text[2 * len + 1] = '\0';
	/* Straight to the descriptor: no stdio buffer keeps the key. */
	fflush(stdout);
	n = write(STDOUT_FILENO, text, 2 * len + 1);
	explicit_bzero(key, sizeof(key));
	explicit_bzero(text, sizeof(text));
	if (n != (ssize_t)(2 * len + 1)) {
		gs_err("cannot write the key: %s", n < 0 ? strerror(errno) : "short write");
		return -1;
	}
	return 0;
}
