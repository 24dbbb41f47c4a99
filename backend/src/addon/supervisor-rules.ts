/**
 * The rules the Home Assistant Supervisor and the add-on linter (frenck/action-addon-linter) apply
 * to config.yaml, build.yaml, repository.yaml and translations/en.yaml, transcribed as data so the
 * tests can hold this repository to them. The Supervisor drops unknown keys silently and skips an
 * add-on whose config it cannot read, so none of this would fail a build on its own.
 * Sources: supervisor/apps/validate.py (_SCHEMA_APP_CONFIG, SCHEMA_BUILD_CONFIG),
 * supervisor/apps/options.py (RE_SCHEMA_ELEMENT), supervisor/store/validate.py (repository).
 */

type Yaml = Record<string, unknown>;

/** Every config.yaml key the Supervisor knows, with its default where it has one. */
const CONFIG_KEYS: Record<string, unknown> = {
  name: undefined,
  version: undefined,
  slug: undefined,
  description: undefined,
  arch: undefined,
  machine: undefined,
  url: undefined,
  startup: "application",
  boot: "auto",
  init: true,
  stage: "stable",
  ports: undefined,
  ports_description: undefined,
  ingress: false,
  ingress_port: 8099,
  ingress_entry: undefined,
  ingress_stream: false,
  panel_icon: "mdi:puzzle",
  panel_title: undefined,
  panel_admin: true,
  homeassistant: undefined,
  host_network: false,
  host_pid: false,
  host_ipc: false,
  host_uts: false,
  host_dbus: false,
  devices: undefined,
  udev: false,
  tmpfs: false,
  map: undefined,
  environment: undefined,
  privileged: undefined,
  apparmor: true,
  full_access: false,
  audio: false,
  video: false,
  gpio: false,
  usb: false,
  uart: false,
  devicetree: false,
  kernel_modules: false,
  realtime: false,
  hassio_api: false,
  hassio_role: "default",
  homeassistant_api: false,
  stdin: false,
  legacy: false,
  docker_api: false,
  auth_api: false,
  services: undefined,
  discovery: undefined,
  backup_exclude: undefined,
  backup_pre: undefined,
  backup_post: undefined,
  backup: "hot",
  options: {},
  schema: {},
  image: undefined,
  ulimits: {},
  timeout: 10,
  journald: false,
  breaking_versions: [],
  watchdog: undefined,
  webui: undefined,
  advanced: undefined,
  codenotary: undefined,
};

const REQUIRED_CONFIG_KEYS = ["name", "version", "slug", "description", "arch"];
/** Still accepted upstream but obsolete: `watchdog` gives way to a Docker HEALTHCHECK. */
const OBSOLETE_CONFIG_KEYS: Record<string, string> = {
  watchdog: "obsolete: use a Docker HEALTHCHECK instead",
  advanced: "ignored since Supervisor 2026.03",
  codenotary: "no longer used",
};
/** armhf, armv7 and i386 are deprecated; new add-ons ship for these two. */
export const SUPPORTED_ARCH = ["aarch64", "amd64"];
const RE_SLUG = /^[-_.A-Za-z0-9]+$/;
const RE_VOLUME =
  /^(data|config|ssl|local_apps|addons|backup|share|media|homeassistant_config|all_app_configs|all_addon_configs|app_config|addon_config)(?::(rw|ro))?$/;
const RE_PORT_KEY = /^\d+\/(tcp|udp)$/;
const RE_DOCKER_IMAGE_BUILD = /^([a-zA-Z\-.:\d{}]+\/)*?([-\w{}]+)\/([-\w{}]+)(:[.\-\w{}]+)?$/;
/** The option type grammar, as the Supervisor's regular expression (named groups kept). */
const RE_SCHEMA_ELEMENT = new RegExp(
  "^(?:" +
    "|bool|email|url|port" +
    "|device(?:\\((?<filter>subsystem=[a-z]+)\\))?" +
    "|str(?:\\((?<s_min>\\d+)?,(?<s_max>\\d+)?\\))?" +
    "|password(?:\\((?<p_min>\\d+)?,(?<p_max>\\d+)?\\))?" +
    "|int(?:\\((?<i_min>-?\\d+)?,(?<i_max>-?\\d+)?\\))?" +
    "|float(?:\\((?<f_min>-?\\d*\\.?\\d+)?,(?<f_max>-?\\d*\\.?\\d+)?\\))?" +
    "|match\\((?<match>.*)\\)" +
    "|list\\((?<list>.+)\\)" +
    ")\\??$",
);

function isRecord(value: unknown): value is Yaml {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isUrl(value: unknown): boolean {
  try {
    return ["http:", "https:"].includes(new URL(String(value)).protocol);
  } catch {
    return false;
  }
}

function isDefault(value: unknown, fallback: unknown): boolean {
  return fallback !== undefined && JSON.stringify(value) === JSON.stringify(fallback);
}

/** An option type from config.yaml's `schema`, taken apart. */
export interface OptionType {
  kind: string;
  optional: boolean;
  min?: number;
  max?: number;
  values?: string[];
}

/** Parses one option type (`int(1,10)`, `password?`, `list(a|b)`); undefined if the grammar rejects it. */
export function parseOptionType(text: string): OptionType | undefined {
  const match = RE_SCHEMA_ELEMENT.exec(text);
  const kind = /^[a-z]+/.exec(text)?.[0];
  if (!match || kind === undefined) return undefined;
  const g = match.groups ?? {};
  const bound = (value: string | undefined) => (value === undefined ? undefined : Number(value));
  const letter = kind === "password" ? "p" : kind.charAt(0);
  return {
    kind,
    optional: text.endsWith("?"),
    min: bound(g[`${letter}_min`]),
    max: bound(g[`${letter}_max`]),
    values: g.list?.split("|"),
  };
}

/** Why a value does not fit an option type, or undefined when it does. */
export function optionValueProblem(type: OptionType, value: unknown): string | undefined {
  const inRange = (n: number) =>
    (type.min === undefined || n >= type.min) && (type.max === undefined || n <= type.max);
  switch (type.kind) {
    case "str":
    case "password":
      return typeof value === "string" && inRange(value.length)
        ? undefined
        : "a string of the allowed length";
    case "int":
      return Number.isInteger(value) && inRange(value as number) ? undefined : "an integer in range";
    case "float":
      return typeof value === "number" && inRange(value) ? undefined : "a number in range";
    case "bool":
      return typeof value === "boolean" ? undefined : "true or false";
    case "port":
      return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 65535
        ? undefined
        : "a port";
    case "list":
      return type.values?.includes(String(value)) ? undefined : `one of ${type.values?.join(", ")}`;
    default:
      return typeof value === "string" ? undefined : "a string";
  }
}

function checkOptions(config: Yaml): string[] {
  const options = isRecord(config.options) ? config.options : {};
  const schema = isRecord(config.schema) ? config.schema : {};
  const problems: string[] = [];
  for (const [key, text] of Object.entries(schema)) {
    const type = typeof text === "string" ? parseOptionType(text) : undefined;
    if (type === undefined) {
      problems.push(`schema.${key}: '${String(text)}' is not an option type the Supervisor accepts`);
      continue;
    }
    if (!(key in options)) {
      if (!type.optional) problems.push(`options.${key}: required by the schema but has no default`);
      continue;
    }
    const problem = optionValueProblem(type, options[key]);
    if (problem) problems.push(`options.${key}: the default must be ${problem}`);
  }
  for (const key of Object.keys(options)) {
    if (!(key in schema)) problems.push(`options.${key}: not in the schema`);
  }
  return problems;
}

function checkPortsAndMap(config: Yaml): string[] {
  const problems: string[] = [];
  const ports = isRecord(config.ports) ? config.ports : {};
  for (const [key, value] of Object.entries(ports)) {
    if (!RE_PORT_KEY.test(key)) problems.push(`ports.${key}: expected '<port>/tcp' or '<port>/udp'`);
    const ok =
      value === null || (Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 65535);
    if (!ok) problems.push(`ports.${key}: expected a host port or null`);
  }
  const described = isRecord(config.ports_description) ? Object.keys(config.ports_description) : [];
  for (const key of described) {
    if (!(key in ports)) problems.push(`ports_description.${key}: no such port`);
  }
  for (const entry of Array.isArray(config.map) ? config.map : []) {
    if (typeof entry !== "string" || !RE_VOLUME.test(entry))
      problems.push(`map: '${String(entry)}' is not a mapping`);
  }
  return problems;
}

/** Every problem the Supervisor or the add-on linter would find in a parsed config.yaml. */
export function configProblems(config: Yaml): string[] {
  const problems: string[] = [];
  for (const key of REQUIRED_CONFIG_KEYS) {
    if (config[key] === undefined || config[key] === null) problems.push(`${key}: required`);
  }
  for (const [key, value] of Object.entries(config)) {
    if (key in OBSOLETE_CONFIG_KEYS) problems.push(`${key}: ${OBSOLETE_CONFIG_KEYS[key]}`);
    else if (!(key in CONFIG_KEYS))
      problems.push(`${key}: not a key the Supervisor knows (it would drop it)`);
    else if (isDefault(value, CONFIG_KEYS[key])) problems.push(`${key}: set to its default value; remove it`);
  }
  if (config.ingress === true && "webui" in config)
    problems.push("webui: not with ingress (the panel is the UI)");
  if (config.version !== undefined && typeof config.version !== "string")
    problems.push("version: must be a string");
  if (config.url !== undefined && !isUrl(config.url)) problems.push("url: not a URL");
  if (typeof config.slug === "string" && !RE_SLUG.test(config.slug))
    problems.push("slug: only letters, digits, -_.");
  const arch = Array.isArray(config.arch) ? config.arch : [];
  if (arch.length === 0) problems.push("arch: at least one architecture");
  for (const a of arch) {
    if (!SUPPORTED_ARCH.includes(String(a))) problems.push(`arch: '${String(a)}' is deprecated or unknown`);
  }
  return [...problems, ...checkPortsAndMap(config), ...checkOptions(config)];
}

/** Problems in build.yaml, given the config's architectures. */
export function buildProblems(build: Yaml, arch: readonly string[]): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(build)) {
    if (!["build_from", "args", "labels", "squash"].includes(key))
      problems.push(`${key}: not a build.yaml key`);
  }
  if (build.squash === false) problems.push("squash: set to its default value; remove it");
  const from = isRecord(build.build_from) ? build.build_from : {};
  const archs = Object.keys(from).sort();
  if (archs.join() !== [...arch].sort().join())
    problems.push(`build_from: covers ${archs} but config.yaml ${arch}`);
  for (const [a, image] of Object.entries(from)) {
    if (typeof image !== "string" || !RE_DOCKER_IMAGE_BUILD.test(image))
      problems.push(`build_from.${a}: bad image`);
  }
  for (const key of ["args", "labels"]) {
    const map = build[key];
    if (map === undefined) continue;
    if (!isRecord(map) || Object.keys(map).length === 0)
      problems.push(`${key}: a non-empty map, or leave it out`);
    else if (Object.values(map).some((v) => typeof v !== "string"))
      problems.push(`${key}: values must be strings`);
  }
  return problems;
}

/** Problems in repository.yaml. */
export function repositoryProblems(repository: Yaml): string[] {
  const problems: string[] = [];
  if (typeof repository.name !== "string" || repository.name === "") problems.push("name: required");
  for (const key of Object.keys(repository)) {
    if (!["name", "url", "maintainer"].includes(key)) problems.push(`${key}: not a repository.yaml key`);
  }
  if (repository.url !== undefined && !isUrl(repository.url)) problems.push("url: not a URL");
  return problems;
}

/** Problems in translations/en.yaml: a name and description for exactly the schema's options. */
export function translationProblems(translations: Yaml, config: Yaml): string[] {
  const problems: string[] = [];
  const configuration = isRecord(translations.configuration) ? translations.configuration : {};
  const schema = isRecord(config.schema) ? config.schema : {};
  for (const key of Object.keys(schema)) {
    const entry = configuration[key];
    if (!isRecord(entry) || typeof entry.name !== "string" || typeof entry.description !== "string") {
      problems.push(`configuration.${key}: needs a name and a description`);
    }
  }
  for (const key of Object.keys(configuration)) {
    if (!(key in schema)) problems.push(`configuration.${key}: no such option`);
  }
  const ports = isRecord(config.ports) ? config.ports : {};
  const network = isRecord(translations.network) ? translations.network : {};
  for (const key of Object.keys(network)) {
    if (!(key in ports)) problems.push(`network.${key}: no such port`);
  }
  for (const key of Object.keys(translations)) {
    if (!["configuration", "network"].includes(key)) problems.push(`${key}: not a translation section`);
  }
  return problems;
}
