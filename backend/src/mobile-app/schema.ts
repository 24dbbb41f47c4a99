/**
 * The few voluptuous validators HA's mobile_app schemas use (`helpers/config_validation.py`
 * `string`, `boolean`), and voluptuous's words for what fails, so a bad registration is told what
 * HA would tell it (`http/data_validator.py`: "Message format incorrect: <error>").
 */

/** voluptuous `Invalid`: a message and the path of keys it is about. */
export class Invalid extends Error {
  constructor(
    message: string,
    readonly path: readonly string[] = [],
  ) {
    super(message);
    this.name = "Invalid";
  }

  /** `str(vol.Invalid)`: the message, then ` @ data['key']...` when it is about a key. */
  humanized(): string {
    if (this.path.length === 0) return this.message;
    return `${this.message} @ data${this.path.map((key) => `['${key}']`).join("")}`;
  }
}

export type Validator<T = unknown> = (value: unknown) => T;

/**
 * HA's strings have no length limit (its body limit is 16 MB); HAsync keeps what it stores
 * small, and says so in voluptuous's `Length` words.
 */
export const MAX_STRING = 1000;

/** cv.string: a string as it is, a number as its text; never null, a list or a dict. */
export const cvString: Validator<string> = (value) => {
  if (value === null || value === undefined) throw new Invalid("string value is None");
  if (typeof value === "object") throw new Invalid("value should be a string");
  // Python's str(True) is "True".
  const text = typeof value === "boolean" ? (value ? "True" : "False") : String(value);
  if (text.length > MAX_STRING) throw new Invalid(`length of value must be at most ${MAX_STRING}`);
  return text;
};

const TRUE_WORDS = new Set(["1", "true", "yes", "on", "enable"]);
const FALSE_WORDS = new Set(["0", "false", "no", "off", "disable"]);

/** cv.boolean: a bool, one of HA's yes/no words, or a number (non-zero is true). */
export const cvBoolean: Validator<boolean> = (value) => {
  if (typeof value === "boolean") return value;
  if (typeof value === "number") return value !== 0;
  if (typeof value === "string") {
    const word = value.toLowerCase().trim();
    if (TRUE_WORDS.has(word)) return true;
    if (FALSE_WORDS.has(word)) return false;
  }
  throw new Invalid(`invalid boolean value ${String(value)}`);
};

export const isDict = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** voluptuous's `dict` type as a value validator. */
export const dict: Validator<Record<string, unknown>> = (value) => {
  if (!isDict(value)) throw new Invalid("expected dict");
  return value;
};

export interface Field {
  readonly key: string;
  readonly required?: true;
  /** vol.Optional/Required `default=`: used when the key is absent. */
  readonly default?: () => unknown;
  readonly validate: Validator;
}

/** What voluptuous does with keys the schema does not name. */
export type Extra = "prevent" | "remove" | "allow";

/**
 * `vol.Schema({...}, extra=...)` over a mapping: the first error voluptuous would name (a bad
 * value, else an unexpected key, else the first missing required key), thrown as `Invalid`.
 */
export function mapping(
  fields: readonly Field[],
  extra: Extra = "prevent",
): Validator<Record<string, unknown>> {
  const byKey = new Map(fields.map((field) => [field.key, field]));
  return (value) => {
    if (!isDict(value)) throw new Invalid("expected a dictionary");
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const field = byKey.get(key);
      if (field === undefined) {
        if (extra === "prevent") throw new Invalid("extra keys not allowed", [key]);
        if (extra === "allow") out[key] = item;
        continue;
      }
      out[key] = checkedValue(field, item);
    }
    for (const field of fields) {
      if (field.key in out) continue;
      if (field.default !== undefined) out[field.key] = field.default();
      else if (field.required) throw new Invalid("required key not provided", [field.key]);
    }
    return out;
  };
}

function checkedValue(field: Field, item: unknown): unknown {
  try {
    return field.validate(item);
  } catch (error) {
    if (!(error instanceof Invalid)) throw error;
    // voluptuous: a value's own error gains " for dictionary value"; a nested one keeps its path.
    if (error.path.length > 0) throw new Invalid(error.message, [field.key, ...error.path]);
    throw new Invalid(`${error.message} for dictionary value`, [field.key]);
  }
}

/** The validated value, or null where voluptuous would raise (callers answer as HA does then). */
export function tryValidate<T>(validator: Validator<T>, value: unknown): T | null {
  try {
    return validator(value);
  } catch (error) {
    if (error instanceof Invalid) return null;
    throw error;
  }
}

/** `vol.Required(key): cv.string`. */
export const requiredString = (key: string): Field => ({ key, required: true, validate: cvString });
/** `vol.Optional(key): cv.string`. */
export const optionalString = (key: string): Field => ({ key, validate: cvString });
/** `vol.Optional(key, default={}): dict`. */
export const optionalDict = (key: string): Field => ({ key, default: () => ({}), validate: dict });
