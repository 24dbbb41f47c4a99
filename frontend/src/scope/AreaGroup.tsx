import type { Scope } from "hasync";
import { useEffect, useId, useRef, useState } from "react";
import { AccessSelect } from "./AccessSelect.js";
import { controlNote } from "./domains.js";
import { ACCESS_WORDS, type AccessChoice, entityChoice, entityDefault } from "./guard.js";
import type { Group } from "./model.js";

interface Props {
  group: Group;
  scope: Scope;
  /** Entity ids the scope picks, computed once for all groups. */
  selected: ReadonlySet<string>;
  /** Opened by the admin (kept by the picker, so it survives searching). */
  open: boolean;
  onOpen: (open: boolean) => void;
  /** While searching or filtering, every group with matches is open. */
  expandAll: boolean;
  onToggleGroup: (on: boolean) => void;
  onToggleEntity: (entityId: string, on: boolean) => void;
  /** An entity's own access rule (issue 15), or "default" to follow its kind's. */
  onEntityAccess: (entityId: string, choice: AccessChoice) => void;
}

/** Rows rendered per group before "Show more": keeps 5,000-entity homes responsive. */
const PAGE = 100;

export function AreaGroup({
  group,
  scope,
  selected,
  open,
  onOpen,
  expandAll,
  onToggleGroup,
  onToggleEntity,
  onEntityAccess,
}: Props) {
  const [limit, setLimit] = useState(PAGE);
  const box = useRef<HTMLInputElement>(null);
  const id = useId();
  const expanded = open || expandAll;
  const exclusions = new Set(scope.exclude);

  useEffect(() => {
    if (box.current) box.current.indeterminate = group.state === "some";
  }, [group.state]);

  const count = group.total === 0 ? "no entities yet" : `${group.selected} of ${group.total}`;
  return (
    <li className={`group group-${group.state}`}>
      <div className="group-header">
        <input
          ref={box}
          id={`${id}-all`}
          type="checkbox"
          checked={group.state === "all"}
          onChange={() => onToggleGroup(group.state !== "all")}
          aria-describedby={`${id}-count`}
        />
        <label htmlFor={`${id}-all`} className="group-name">
          {group.name}
        </label>
        <span id={`${id}-count`} className="count">
          {count}
          {group.whole && <span className="tag">whole area</span>}
        </span>
        <button
          type="button"
          className="button text expander"
          aria-expanded={expanded}
          aria-controls={`${id}-list`}
          disabled={expandAll || group.total === 0}
          onClick={() => onOpen(!open)}
        >
          {expanded ? "Hide" : "Show"}
          <span className="visually-hidden"> entities in {group.name}</span>
        </button>
      </div>
      {expanded && group.visible.length > 0 && (
        <ul className="entity-list" id={`${id}-list`}>
          {group.visible.slice(0, limit).map((e) => {
            const picked = selected.has(e.entity_id);
            const note = controlNote(e.entity_id);
            return (
              <li key={e.entity_id} className="entity-row">
                <label>
                  <input
                    type="checkbox"
                    checked={picked}
                    onChange={() => onToggleEntity(e.entity_id, !picked)}
                  />
                  <span className="entity-name">
                    {e.name}
                    <span className="entity-id">{e.entity_id}</span>
                    {note && <span className="hint">{note}</span>}
                  </span>
                </label>
                {exclusions.has(e.entity_id) && group.whole && <span className="tag tag-warn">excluded</span>}
                {e.state !== undefined && <span className="state">{e.state}</span>}
                {picked && (
                  <AccessSelect
                    label={`Access for ${e.name}`}
                    choice={entityChoice(scope, e.entity_id)}
                    defaultWords={ACCESS_WORDS[entityDefault(scope, e.entity_id, e.device_class)]}
                    onChange={(choice) => onEntityAccess(e.entity_id, choice)}
                  />
                )}
              </li>
            );
          })}
          {group.visible.length > limit && (
            <li>
              <button type="button" className="button text" onClick={() => setLimit(limit + PAGE * 5)}>
                Show {Math.min(PAGE * 5, group.visible.length - limit)} more
              </button>
            </li>
          )}
        </ul>
      )}
    </li>
  );
}
