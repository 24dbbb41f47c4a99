import type { Weekday } from "hasync";
import { useId } from "react";
import {
  DAY_NAMES,
  type HoursDraft,
  type HoursRow,
  newRow,
  type Outside,
  type RowProblem,
  WEEKDAYS,
} from "./hours.js";

interface Props {
  value: HoursDraft;
  onChange: (value: HoursDraft) => void;
  /** Per row, from `hoursFromDraft`; shown once the admin tried to save or touched the row. */
  problems?: Array<RowProblem | undefined>;
  problem?: string;
}

const OUTSIDE: Array<{ value: Outside; title: string; hint: string }> = [
  { value: "read", title: "Read-only", hint: "It still shows its home, but nothing can be switched." },
  {
    value: "closed",
    title: "Closed",
    hint: "It shows nothing and its connections end until the next window.",
  },
];

/**
 * When a pass is open, as a few rows of "these days, from – to", and what the device may do
 * outside them. Times are Home Assistant's local time, as its automations use.
 */
export function HoursEditor({ value, onChange, problems = [], problem }: Props) {
  const id = useId();
  const setRow = (index: number, row: HoursRow) =>
    onChange({ ...value, rows: value.rows.map((r, i) => (i === index ? row : r)) });
  const removeRow = (index: number) => onChange({ ...value, rows: value.rows.filter((_, i) => i !== index) });
  return (
    <div className="hours-editor">
      <p className="hint">
        In Home Assistant’s time zone. An end of 00:00 means midnight, at the end of that day.
      </p>
      {value.rows.map((row, index) => (
        <HoursRowEditor
          // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity beyond their place
          key={index}
          index={index}
          row={row}
          problem={problems[index]}
          onChange={(next) => setRow(index, next)}
          onRemove={value.rows.length > 1 ? () => removeRow(index) : undefined}
        />
      ))}
      {problem && <p className="hint problem">{problem}</p>}
      <button
        type="button"
        className="button"
        onClick={() => onChange({ ...value, rows: [...value.rows, newRow()] })}
      >
        Add more hours
      </button>
      <fieldset className="outside-choice">
        <legend>Outside these hours</legend>
        {OUTSIDE.map((o) => (
          <label key={o.value} className="radio-card">
            <input
              type="radio"
              name={`${id}-outside`}
              checked={value.outside === o.value}
              onChange={() => onChange({ ...value, outside: o.value })}
            />
            <span className="grow">
              <strong>{o.title}</strong>
              <span className="hint">{o.hint}</span>
            </span>
          </label>
        ))}
      </fieldset>
    </div>
  );
}

interface RowProps {
  index: number;
  row: HoursRow;
  problem: RowProblem | undefined;
  onChange: (row: HoursRow) => void;
  onRemove: (() => void) | undefined;
}

function HoursRowEditor({ index, row, problem, onChange, onRemove }: RowProps) {
  const id = useId();
  const toggle = (day: Weekday) =>
    onChange({
      ...row,
      days: row.days.includes(day) ? row.days.filter((d) => d !== day) : [...row.days, day],
    });
  const label = `Hours ${index + 1}`;
  const invalid = problem?.time ? true : undefined;
  return (
    <fieldset className="hours-row" aria-describedby={problem?.days ? `${id}-days` : undefined}>
      <legend className="visually-hidden">{label}</legend>
      <div className="day-chips">
        {WEEKDAYS.map((day) => (
          <label key={day} className="day-chip" title={DAY_NAMES[day].long}>
            <input
              type="checkbox"
              aria-label={DAY_NAMES[day].long}
              checked={row.days.includes(day)}
              onChange={() => toggle(day)}
            />
            <span aria-hidden="true">{DAY_NAMES[day].short}</span>
          </label>
        ))}
      </div>
      <div className="row wrap hours-times">
        <label className="time-field">
          <span>From</span>
          <input
            type="time"
            value={row.from}
            aria-invalid={invalid}
            onChange={(e) => onChange({ ...row, from: e.target.value })}
          />
        </label>
        <label className="time-field">
          <span>To</span>
          <input
            type="time"
            value={row.to}
            aria-invalid={invalid}
            onChange={(e) => onChange({ ...row, to: e.target.value })}
          />
        </label>
        {onRemove && (
          <button type="button" className="button text" onClick={onRemove}>
            Remove<span className="visually-hidden"> {label}</span>
          </button>
        )}
      </div>
      {problem?.days && (
        <p className="hint problem" id={`${id}-days`}>
          {problem.days}
        </p>
      )}
      {problem?.time && <p className="hint problem">{problem.time}</p>}
    </fieldset>
  );
}
