/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _GENEVESEC_KUNIT_SUITES_H
#define _GENEVESEC_KUNIT_SUITES_H

#include <kunit/test.h>

/* Keys 00..0f and 00..1f: the known-answer keys of tests/lib too. */
extern const u8 gsec_test_key16[16];
extern const u8 gsec_test_key32[32];

extern struct kunit_suite gsec_crypto_test_suite;
extern struct kunit_suite gsec_l2_test_suite;
extern struct kunit_suite gsec_lpm_test_suite;
extern struct kunit_suite gsec_proto_test_suite;
extern struct kunit_suite gsec_ratelimit_test_suite;
extern struct kunit_suite gsec_replay_test_suite;
extern struct kunit_suite gsec_routes_test_suite;
extern struct kunit_suite gsec_sa_test_suite;

#endif
