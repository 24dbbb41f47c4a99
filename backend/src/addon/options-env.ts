/**
 * How the add-on's options become the backend's environment: option `x` is `HASYNC_X`, file names
 * are relative to Home Assistant's /ssl folder, and an unset optional option is no variable at
 * all. run.sh implements this; its test holds run.sh to it and the drift tests hold it to the
 * backend's settings.
 */
const UNDER_SSL = new Set(["certfile", "keyfile"]);

/** Set by run.sh whatever the options say. */
export const FIXED_ENV: Readonly<Record<string, string>> = {
  HASYNC_DATA_DIR: "/data",
  // config.yaml's ingress_port: the sidebar's own plain-HTTP listener, so `ssl` cannot break it.
  HASYNC_INGRESS_PORT: "8098",
};

export function envName(option: string): string {
  return `HASYNC_${option.toUpperCase()}`;
}

export function envFromOptions(options: Record<string, unknown>): Record<string, string> {
  const env: Record<string, string> = { ...FIXED_ENV };
  for (const [option, value] of Object.entries(options)) {
    if (value === null || value === undefined || value === "") continue;
    env[envName(option)] = UNDER_SSL.has(option) ? `/ssl/${String(value)}` : String(value);
  }
  return env;
}
