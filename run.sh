#!/usr/bin/with-contenv bashio
# shellcheck shell=bash
# The add-on's entry point, and only an adapter: the Supervisor's options become the HASYNC_*
# variables the backend reads (backend/src/settings/settings.ts), then node takes over this
# process so it gets the SIGTERM when the add-on stops. with-contenv passes SUPERVISOR_TOKEN on.

HASYNC_ADMIN_USERNAME="$(bashio::config 'admin_username')"
HASYNC_LOG_LEVEL="$(bashio::config 'log_level')"
HASYNC_MAX_DEVICE_CONNECTIONS="$(bashio::config 'max_device_connections')"
HASYNC_SSL="$(bashio::config 'ssl')"
HASYNC_CERTFILE="/ssl/$(bashio::config 'certfile')"
HASYNC_KEYFILE="/ssl/$(bashio::config 'keyfile')"
# Ingress (config.yaml ingress_port) gets its own plain-HTTP port: the Supervisor's proxy does
# not speak HTTPS, and with `ssl` on the LAN port does.
export HASYNC_DATA_DIR=/data HASYNC_INGRESS_PORT=8098 HASYNC_ADMIN_USERNAME HASYNC_LOG_LEVEL HASYNC_MAX_DEVICE_CONNECTIONS \
  HASYNC_SSL HASYNC_CERTFILE HASYNC_KEYFILE

# An unset optional option reads as "null" in bashio, never as an empty string.
if bashio::config.has_value 'admin_password'; then
  HASYNC_ADMIN_PASSWORD="$(bashio::config 'admin_password')"
  export HASYNC_ADMIN_PASSWORD
fi

exec node /app/backend/dist/main.js
