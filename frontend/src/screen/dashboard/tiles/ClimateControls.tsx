import type { Control } from "../model/features.js";
import { labels } from "../model/labels.js";
import { hvacModeCall, nextTarget, rangeCall, temperatureCall } from "../model/services.js";
import { formatNumber, HVAC_MODE_WORDS } from "../model/state-words.js";
import type { ControlProps } from "./controls.js";

type ClimateControl = Extract<Control, { kind: "target-temperature" | "target-range" | "hvac-mode" }>;

/**
 * The target temperature −/+ (hui-target-temperature-card-feature.ts: one step per press, within
 * min_temp/max_temp; in heat_cool a low and a high target, kept in order) and the HVAC mode select
 * (hui-climate-hvac-modes-card-feature.ts).
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
  const unit =
    typeof state.attributes.temperature_unit === "string" ? state.attributes.temperature_unit : "°C";
  const stepper = (value: number, which: "low" | "high" | undefined, set: (next: number) => void) => (
    <Stepper
      key={which ?? "target"}
      value={value}
      unit={unit}
      lower={labels.lower(name, which)}
      raise={labels.raise(name, which)}
      disabled={disabled}
      bounds={control}
      onStep={(direction) => set(nextTarget(value, direction, control.min, control.max, control.step))}
    />
  );
  if (control.kind === "target-temperature") {
    return stepper(Number(state.attributes.temperature), undefined, (next) =>
      run(temperatureCall(state, next)),
    );
  }
  const low = Number(state.attributes.target_temp_low);
  const high = Number(state.attributes.target_temp_high);
  return (
    <>
      {stepper(low, "low", (next) => run(rangeCall(state, Math.min(next, high), high)))}
      {stepper(high, "high", (next) => run(rangeCall(state, low, Math.max(next, low))))}
    </>
  );
}

interface StepperProps {
  value: number;
  unit: string;
  lower: string;
  raise: string;
  disabled: boolean;
  bounds: { min: number; max: number; step: number };
  onStep: (direction: 1 | -1) => void;
}

function Stepper({ value, unit, lower, raise, disabled, bounds, onStep }: StepperProps) {
  return (
    <div className="dash-row dash-stepper">
      <button
        type="button"
        className="dash-button"
        aria-label={lower}
        disabled={disabled || value <= bounds.min}
        onClick={() => onStep(-1)}
      >
        −
      </button>
      <span className="dash-target" aria-hidden="true">
        {formatNumber(String(value), bounds.step < 1 ? 1 : 0)} {unit}
      </span>
      <button
        type="button"
        className="dash-button"
        aria-label={raise}
        disabled={disabled || value >= bounds.max}
        onClick={() => onStep(1)}
      >
        +
      </button>
    </div>
  );
}
