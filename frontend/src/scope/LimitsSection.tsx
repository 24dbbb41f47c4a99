import type { Scope } from "hasync";
import { useState } from "react";
import { type LimitKey, type LimitSide, limitProblems, setLimit } from "./guard.js";

interface Props {
  scope: Scope;
  onChange: (scope: Scope) => void;
}

interface Bound {
  side: LimitSide;
  label: string;
}

/** The limits the scope can set, as the contract names them (guard.ts `CallLimitsSchema`). */
const ROWS: Array<{ key: LimitKey; title: string; unit: string; step: number; bounds: Bound[] }> = [
  {
    key: "light_brightness_pct",
    title: "Light brightness",
    unit: "%",
    step: 1,
    bounds: [{ side: "max", label: "at most" }],
  },
  {
    key: "climate_temperature",
    title: "Climate temperature",
    unit: "°",
    step: 0.5,
    bounds: [
      { side: "min", label: "from" },
      { side: "max", label: "to" },
    ],
  },
  {
    key: "media_volume_pct",
    title: "Media volume",
    unit: "%",
    step: 1,
    bounds: [{ side: "max", label: "at most" }],
  },
  {
    key: "cover_position_pct",
    title: "Cover position",
    unit: "%",
    step: 1,
    bounds: [
      { side: "min", label: "from" },
      { side: "max", label: "to" },
    ],
  },
];

const numberOf = (text: string): number | undefined => {
  if (text.trim() === "") return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
};

/** Bounds on what a call may set, folded away until wanted. Empty means no limit. */
export function LimitsSection({ scope, onChange }: Props) {
  const set = Object.keys(scope.limits ?? {}).length;
  const [open, setOpen] = useState(set > 0);
  const problems = limitProblems(scope.limits);
  return (
    <details className="limits" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        Limits <span className="muted small">{set === 0 ? "none" : `${set} set`}</span>
      </summary>
      <p className="hint">
        A call that would set more (or less) is refused, in Home Assistant’s words. Temperatures are in Home
        Assistant’s unit. Empty means no limit.
      </p>
      {ROWS.map((row) => (
        <div key={row.key} className="limit-row">
          <span className="limit-title">{row.title}</span>
          {row.bounds.map((bound) => (
            <label key={bound.side} className="limit-bound">
              <span>{bound.label}</span>
              <input
                type="number"
                inputMode="decimal"
                step={row.step}
                aria-label={`${row.title} ${bound.label}`}
                aria-invalid={problems[row.key] ? true : undefined}
                value={scope.limits?.[row.key]?.[bound.side] ?? ""}
                onChange={(e) => onChange(setLimit(scope, row.key, bound.side, numberOf(e.target.value)))}
              />
              <span>{row.unit}</span>
            </label>
          ))}
          {problems[row.key] && <span className="problem">{problems[row.key]}</span>}
        </div>
      ))}
    </details>
  );
}
