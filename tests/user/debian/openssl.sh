#!/bin/bash
# tests/user/debian/openssl.sh TERN CACHE [ENGINE] — Debian's openssl
# (libssl3/libcrypto, with its MIPS assembler paths): digests, HMAC, AES and
# ChaCha20 with a fixed key and IV both ways, base64, a bad-decrypt error.
. "$(dirname "$0")/lib.sh"
need /usr/bin/openssl
make_text "$seed/text" 3000
make_binary "$seed/bin" 4
key=000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f
iv=0f0e0d0c0b0a09080706050403020100
LD_LIBRARY_PATH=$native_libs "$native/usr/bin/openssl" enc -aes-256-cbc -K $key -iv $iv \
    -in "$seed/text" -out "$seed/text.enc"
seal
# OPENSSL_CONF is the same file name on both sides (the sysroot's for tern).
check_env=(OPENSSL_CONF=/usr/lib/ssl/openssl.cnf)
# (No "openssl version": the mipsel and amd64 builds of a security update
# reach the archive at different times, 3.0.20 vs 3.0.22 when written.)
check sha256 /dev/null /usr/bin/openssl dgst -sha256 text bin
check digests /dev/null /usr/bin/openssl dgst -r -sha1 -sha512 -md5 text
check sha3 "$seed/text" /usr/bin/openssl dgst -sha3-256
check hmac /dev/null /usr/bin/openssl dgst -sha256 -hmac secretkey text
check aes_cbc /dev/null /usr/bin/openssl enc -aes-256-cbc -K $key -iv $iv -in text
check aes_ctr /dev/null /usr/bin/openssl enc -aes-128-ctr -K ${key:0:32} -iv $iv -in bin
check chacha /dev/null /usr/bin/openssl enc -chacha20 -K $key -iv $iv$iv -in text
check aes_dec /dev/null /usr/bin/openssl enc -d -aes-256-cbc -K $key -iv $iv -in text.enc
check base64 /dev/null /usr/bin/openssl base64 -in bin
check base64_dec "$seed/text" /usr/bin/openssl base64 -e
# The error line starts with the thread id (a host pointer): not compared.
err_filter='s/^[0-9A-F]*:error:/THREAD:error:/'
check bad_decrypt /dev/null /usr/bin/openssl enc -d -aes-256-cbc -K ${key/0/f} -iv $iv -in text.enc
err_filter=
check prime /dev/null /usr/bin/openssl prime 2305843009213693951
finish
