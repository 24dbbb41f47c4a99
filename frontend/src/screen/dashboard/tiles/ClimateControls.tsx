import type { Control } from "../model/features.js";
import { labels } from "../model/labels.js";
import { hvacModeCall, nextTarget, temperatureCall } from "../model/services.js";
import { formatNumber, HVAC_MODE_WORDS } from "../model/state-words.js";
import type { ControlProps } from "./controls.js";

type ClimateControl = Extract<Control, { kind: "target-temperature" } | { kind: "hvac-mode" }>;

/**
 * The target temperature −/+ (hui-target-temperature-card-feature.ts: one step per press, within
 * min_temp/max_temp) and the HVAC mode select (hui-climate-hvac-modes-card-feature.ts).
 */
export function ClimateControls(props: ControlProps & { control: ClimateControl }) {
  const { state, name, disabled, run, control } = props;
  if (control.kind === "hvac-mode") {
    return (
      <select
        className="dash-select"
        aria-label={labels.hvacMode(name)}
        value={state.state}
        disabled={disabled}
        onChange={(event) => run(hvacModeCall(state, (event.target as HTMLSelectElement).value))}
      >
        {control.modes.map((mode) => (
          <option key={mode} value={mode}>
            {HVAC_MODE_WORDS[mode] ?? mode}
          </option>
        ))}
      </select>
    );
  }
  const current = Number(state.attributes.temperature);
  const unit =
    typeof state.attributes.temperature_unit === "string" ? state.attributes.temperature_unit : "°C";
  const step = (direction: 1 | -1) =>
    run(temperatureCall(state, nextTarget(current, direction, control.min, control.max, control.step)));
  return (
    <div className="dash-row dash-stepper">
      <button
        type="button"
        className="dash-button"
        aria-label={labels.lower(name)}
        disabled={disabled || current <= control.min}
        onClick={() => step(-1)}
      >
        −
      </button>
      <span className="dash-target" aria-hidden="true">
        {formatNumber(String(current), control.step < 1 ? 1 : 0)} {unit}
      </span>
      <button
        type="button"
        className="dash-button"
        aria-label={labels.raise(name)}
        disabled={disabled || current >= control.max}
        onClick={() => step(1)}
      >
        +
      </button>
    </div>
  );
}
