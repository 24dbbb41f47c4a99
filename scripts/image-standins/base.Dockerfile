# Stand-in for ghcr.io/home-assistant/amd64-base in scripts/test-image.sh. No Alpine image is
# reachable on the test machine, so this is a Debian rootfs (debootstrap, with bash, curl, jq and
# tini) plus stand-ins for the parts of the real base the add-on uses: /init as ENTRYPOINT,
# with-contenv, bashio and apk. It proves the Dockerfile's wiring, not musl compatibility.
ARG ROOTFS
FROM ${ROOTFS}
COPY init /init
COPY with-contenv /usr/bin/with-contenv
COPY bashio /usr/bin/bashio
COPY apk /sbin/apk
RUN chmod 755 /init /usr/bin/with-contenv /usr/bin/bashio /sbin/apk \
 && bash --version >/dev/null && curl --version >/dev/null && jq --version >/dev/null
ENTRYPOINT ["/init"]
