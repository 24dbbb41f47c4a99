import type { Control } from "../model/features.js";
import { labels } from "../model/labels.js";
import {
  activateCall,
  brightnessCall,
  brightnessPercent,
  coverCall,
  fanSpeedCall,
  isOn,
  mediaCall,
  positionCall,
  type ServiceCall,
  toggleCall,
  volumeCall,
  volumePercent,
} from "../model/services.js";
import type { Entity } from "../model/types.js";
import { ClimateControls } from "./ClimateControls.js";
import { LockControl } from "./LockControl.js";
import { Range } from "./Range.js";

export interface ControlProps {
  state: Entity;
  name: string;
  disabled: boolean;
  /** The household's admin is asked before Home Assistant acts (the lock's dialog says so). */
  asksFirst: boolean;
  run: (call: ServiceCall) => void;
}

function Button(props: { label: string; text: string; disabled: boolean; onClick: () => void }) {
  return (
    <button
      type="button"
      className="dash-button"
      aria-label={props.label}
      disabled={props.disabled}
      onClick={props.onClick}
    >
      {props.text}
    </button>
  );
}

/**
 * On/off as HA's tiles show it (ha-entity-toggle.ts: an ha-switch): a switch named by the entity,
 * its state in aria-checked, so the name does not change under the user's finger.
 */
function Toggle({ state, name, disabled, run }: ControlProps) {
  const on = isOn(state);
  return (
    <button
      type="button"
      role="switch"
      aria-checked={on}
      className={on ? "dash-switch dash-on" : "dash-switch"}
      aria-label={labels.toggle(name)}
      disabled={disabled}
      onClick={() => run(toggleCall(state))}
    >
      <span className="dash-track" aria-hidden="true">
        <span className="dash-thumb" />
      </span>
    </button>
  );
}

function CoverButtons(props: ControlProps & { control: Extract<Control, { kind: "cover" }> }) {
  const { state, name, disabled, run, control } = props;
  const actions = (["open", "stop", "close"] as const).filter((action) => control[action]);
  return (
    <div className="dash-row">
      {actions.map((action) => (
        <Button
          key={action}
          label={labels.cover(name, action)}
          text={action === "open" ? "Open" : action === "stop" ? "Stop" : "Close"}
          disabled={disabled}
          onClick={() => run(coverCall(state, action))}
        />
      ))}
    </div>
  );
}

function MediaButtons(props: ControlProps & { control: Extract<Control, { kind: "media" }> }) {
  const { state, name, disabled, run, control } = props;
  const playPause = control.playPause;
  return (
    <div className="dash-row">
      {control.previous && (
        <Button
          label={labels.previous(name)}
          text="Previous"
          disabled={disabled}
          onClick={() => run(mediaCall(state, "previous"))}
        />
      )}
      {playPause && (
        <Button
          label={labels.playPause(name, playPause)}
          text={playPause === "play" ? "Play" : "Pause"}
          disabled={disabled}
          onClick={() => run(mediaCall(state, playPause))}
        />
      )}
      {control.next && (
        <Button
          label={labels.next(name)}
          text="Next"
          disabled={disabled}
          onClick={() => run(mediaCall(state, "next"))}
        />
      )}
    </div>
  );
}

type SliderKind = "brightness" | "fan-speed" | "position" | "volume";

/** The sliders: each one's name, current value in percent, lowest value and call. */
const SLIDERS: Record<
  SliderKind,
  {
    label: (name: string) => string;
    value: (state: Entity) => number;
    min: number;
    call: (state: Entity, value: number) => ServiceCall;
  }
> = {
  brightness: { label: labels.brightness, value: brightnessPercent, min: 1, call: brightnessCall },
  "fan-speed": {
    label: labels.fanSpeed,
    value: (state) => Number(state.attributes.percentage) || 0,
    min: 0,
    call: fanSpeedCall,
  },
  position: {
    label: labels.position,
    value: (state) => Number(state.attributes.current_position) || 0,
    min: 0,
    call: positionCall,
  },
  volume: { label: labels.volume, value: volumePercent, min: 0, call: volumeCall },
};

function Slider(props: ControlProps & { kind: SliderKind; step: number }) {
  const { state, name, disabled, run, kind, step } = props;
  const slider = SLIDERS[kind];
  return (
    <Range
      label={slider.label(name)}
      value={slider.value(state)}
      min={slider.min}
      max={100}
      step={step}
      disabled={disabled}
      onCommit={(value) => run(slider.call(state, value))}
    />
  );
}

/** One control of a tile (model/features.ts decides which a state gets). */
export function ControlView(props: ControlProps & { control: Control }) {
  const { control, state, name, disabled, run } = props;
  switch (control.kind) {
    case "toggle":
      return <Toggle {...props} />;
    case "brightness":
    case "position":
    case "volume":
      return <Slider {...props} kind={control.kind} step={1} />;
    case "fan-speed":
      return <Slider {...props} kind={control.kind} step={control.step} />;
    case "cover":
      return <CoverButtons {...props} control={control} />;
    case "target-temperature":
    case "target-range":
    case "hvac-mode":
      return <ClimateControls {...props} control={control} />;
    case "media":
      return <MediaButtons {...props} control={control} />;
    case "activate":
      return (
        <Button
          label={labels.activate(name, control.verb)}
          text={control.verb}
          disabled={disabled}
          onClick={() => run(activateCall(state))}
        />
      );
    case "lock":
      return <LockControl {...props} locked={control.locked} />;
  }
}
