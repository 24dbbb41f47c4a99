import { useEffect, useRef, useState } from "react";

interface RangeProps {
  label: string;
  value: number;
  min: number;
  max: number;
  step: number;
  disabled: boolean;
  /** Called once per change the user commits (pointer released, key pressed), not while dragging. */
  onCommit: (value: number) => void;
  unit?: string;
}

/**
 * A native range input: keyboard, touch and screen readers work as the browser made them. The
 * value follows the state except while the user holds it. `onChange` is the `input` event in both
 * React and preact/compat, so the call goes out on the native `change` event (pointer released,
 * key pressed), listened to directly.
 */
export function Range(props: RangeProps) {
  const { label, value, min, max, step, disabled, onCommit, unit = "%" } = props;
  const ref = useRef<HTMLInputElement>(null);
  const [local, setLocal] = useState(value);
  const holding = useRef(false);
  const commit = useRef(onCommit);
  commit.current = onCommit;
  useEffect(() => {
    if (!holding.current) setLocal(value);
  }, [value]);
  useEffect(() => {
    const input = ref.current;
    if (!input) return;
    const onChange = () => {
      holding.current = false;
      commit.current(Number(input.value));
    };
    input.addEventListener("change", onChange);
    return () => input.removeEventListener("change", onChange);
  }, []);
  return (
    <input
      ref={ref}
      className="dash-range"
      type="range"
      aria-label={label}
      aria-valuetext={`${local}${unit}`}
      min={min}
      max={max}
      step={step}
      value={local}
      disabled={disabled}
      onChange={(event) => {
        holding.current = true;
        setLocal(Number((event.target as HTMLInputElement).value));
      }}
    />
  );
}
