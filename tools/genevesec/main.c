// SPDX-License-Identifier: GPL-2.0
/*
 * genevesec: the command line. Global options, one command from argv or a
 * batch of them from a file, usage and version.
 */

#define _GNU_SOURCE
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "genevesec.h"

static const char gs_usage[] =
	"Usage: genevesec [--dry-run[=new|existing]] COMMAND [ARGUMENTS]\n"
	"       genevesec [--dry-run[=new|existing]] -f FILE|-\n"
	"       genevesec -h | --help | --version\n"
	"\n"
	"Commands:\n"
	"  show [DEV [vni VNI]] [-j] [-s]\n"
	"  set DEV vni VNI [peer ADDR[:PORT] | peer [ADDR6]:PORT]\n"
	"          [route LOCAL=REMOTE]... [replace-routes] [SA]\n"
	"  del DEV vni VNI [route LOCAL=REMOTE]... [rx-sa spi SPI]\n"
	"  genkey [128|256]\n"
	"  monitor [-j]                 print events (SAs, networks, rekeys)\n"
	"\n"
	"  SA    := sa rx-spi SPI tx-spi SPI rx-key KEY tx-key KEY [TX]\n"
	"         | rx-sa spi SPI key KEY [lifetime SECONDS]        add a receive SA\n"
	"         | tx-sa spi SPI key KEY [TX]                      activate a transmit SA\n"
	"         | key spi SPI rx-key KEY tx-key KEY [TX]          one SPI\n"
	"  TX    := [lifetime SECONDS] [soft-limit PACKETS] [rekey-lead SECONDS]\n"
	"  KEY   := @FILE | - | HEX    16 or 32 bytes in hex (inline HEX shows in ps)\n"
	"  DEV   := NAME | IFINDEX\n"
	"  LOCAL, REMOTE := ADDR[/LEN]; route PREFIX is PREFIX=PREFIX\n"
	"\n"
	"Without a command, genevesec shows every device. -f runs one command per\n"
	"line, stopping at the first error. --dry-run prints the requests instead\n"
	"of sending them. See genevesec(8).\n";

static int gs_run(struct gs_ctx *ctx, int argc, char **argv)
{
	struct gs_cmd cmd;
	int err;

	err = gs_parse(argc, argv, &cmd);
	if (!err)
		err = gs_cmd_run(ctx, &cmd);
	gs_cmd_free(&cmd);
	return err;
}

/*
 * Split a batch line into words in place, as a shell would for the simple
 * cases: blanks separate words, quotes and backslashes protect blanks.
 */
static int gs_split(char *line, char ***words, size_t *n)
{
	char *s = line, *d, *start;
	char quote;

	*n = 0;
	for (;;) {
		while (isspace((unsigned char)*s))
			s++;
		if (!*s)
			return 0;
		start = s;
		d = s;
		quote = 0;
		while (*s && (quote || !isspace((unsigned char)*s))) {
			if (quote == '\'' && *s == '\'') {
				quote = 0;
				s++;
			} else if (quote == '"' && *s == '"') {
				quote = 0;
				s++;
			} else if (!quote && (*s == '\'' || *s == '"')) {
				quote = *s++;
			} else if (quote != '\'' && *s == '\\' &&
				   (!quote || (s[1] == '"' || s[1] == '\\'))) {
				if (!s[1]) {
					gs_err("a backslash ends the line");
					return -1;
				}
				s++;
				*d++ = *s++;
			} else {
				*d++ = *s++;
			}
		}
		if (quote) {
			gs_err("unterminated %c quote", quote);
			return -1;
		}
		/* Past the blank first: the word's end may be written over it. */
		if (*s)
			s++;
		*d = '\0';
		*(char **)gs_push(words, n, sizeof(char *)) = start;
	}
}

static int gs_batch(struct gs_ctx *ctx, const char *path)
{
	FILE *f = stdin;
	char *line = NULL, **words = NULL;
	size_t cap = 0, n;
	ssize_t len;
	int err = 0;

	if (strcmp(path, "-")) {
		f = fopen(path, "re");
		if (!f) {
			gs_err("%s: %s", path, strerror(errno));
			return -1;
		}
	} else {
		gs_batch_stdin = true;
	}
	while (!err && (len = getline(&line, &cap, f)) >= 0) {
		gs_lineno++;
		err = gs_split(line, &words, &n);
		if (!err && n && words[0][0] != '#')
			err = gs_run(ctx, (int)n, words);
		/* The line may have held a key. */
		explicit_bzero(line, cap);
		free(words);
		words = NULL;
	}
	if (!err && ferror(f)) {
		gs_err("%s: %s", path, strerror(errno));
		err = -1;
	}
	free(line);
	if (f != stdin)
		fclose(f);
	return err;
}

static int gs_batch_main(struct gs_ctx *ctx, int argc, char **argv)
{
	int err;

	if (argc != 1) {
		gs_err(argc ? "-f FILE takes no further arguments" :
		       "-f needs a file (or - for standard input)");
		return 1;
	}
	err = gs_batch(ctx, argv[0]);
	gs_nl_close(ctx->nl);
	return err ? 1 : 0;
}

int main(int argc, char **argv)
{
	char show_word[] = "show";
	char *show[] = { show_word, NULL };
	struct gs_ctx ctx = { 0 };
	int i = 1, err;

	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(gs_usage, stdout);
			return 0;
		}
		if (!strcmp(argv[i], "--version")) {
			printf("genevesec %s\n", GS_VERSION);
			return 0;
		}
		if (!strcmp(argv[i], "-f"))
			return gs_batch_main(&ctx, argc - i - 1, argv + i + 1);
		if (!strcmp(argv[i], "--dry-run") || !strcmp(argv[i], "--dry-run=new")) {
			ctx.dry_run = true;
		} else if (!strcmp(argv[i], "--dry-run=existing")) {
			ctx.dry_run = true;
			ctx.dry_run_existing = true;
		} else {
			gs_err("unknown option \"%s\" (see genevesec --help)", argv[i]);
			return 1;
		}
	}
	if (i < argc && !strcmp(argv[i], "help")) {
		fputs(gs_usage, stdout);
		return 0;
	}
	if (i == argc)
		err = gs_run(&ctx, 1, show);
	else
		err = gs_run(&ctx, argc - i, argv + i);
	gs_nl_close(ctx.nl);
	return err ? 1 : 0;
}
