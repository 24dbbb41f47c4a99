import type { Scope } from "hasync";
import { describeError } from "../api/errors.js";
import { dateTime } from "../format/time.js";
import { mayDoInWords } from "./guard.js";
import { useResolve } from "./useResolve.js";

interface Props {
  scope: Scope;
  /** Who gets the scope: "Kitchen tablet". */
  subject: string;
  expiresAt: string | null;
}

/**
 * The outcome in one sentence before anything is saved, with the count the server resolves
 * (areas ∪ entities − exclude over Home Assistant's current registries).
 */
export function ScopeSummaryBar({ scope, subject, expiresAt }: Props) {
  const { result, error } = useResolve(scope);
  const empty = scope.areas.length === 0 && scope.entities.length === 0;
  if (empty) {
    return (
      <p className="summary" aria-live="polite">
        Pick at least one area or entity for {subject}.
      </p>
    );
  }
  const count = result?.entity_ids.length;
  const unknown = (result?.unknown_areas.length ?? 0) + (result?.unknown_entities.length ?? 0);
  return (
    <div className="summary" aria-live="polite">
      <p>
        {subject} will see{" "}
        <strong className="entity-count">
          {count === undefined ? "…" : `${count} ${count === 1 ? "entity" : "entities"}`}
        </strong>
        {mayDoInWords(scope, result)}
        {expiresAt ? ` until ${dateTime(expiresAt)}` : ""}.
      </p>
      {unknown > 0 && (
        <p className="hint">
          {unknown} picked {unknown === 1 ? "name is" : "names are"} not in Home Assistant right now and give
          nothing until {unknown === 1 ? "it appears" : "they appear"}.
        </p>
      )}
      {error !== undefined && <p className="problem">{describeError(error)}</p>}
    </div>
  );
}
