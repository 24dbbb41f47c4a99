import type { Scope } from "hasync";
import { useId, useMemo, useState } from "react";
import { AreaGroup } from "./AreaGroup.js";
import { DomainChips } from "./DomainChips.js";
import {
  type Catalog,
  type Filter,
  groupsOf,
  isFiltering,
  selectedIds,
  setAccess,
  setEntities,
  toggleEntity,
  toggleGroup,
  unknownAreas,
} from "./model.js";

interface Props {
  catalog: Catalog;
  scope: Scope;
  onChange: (scope: Scope) => void;
}

const ACCESS = [
  { access: "read", title: "See only", hint: "States update live; nothing can be switched." },
  {
    access: "control",
    title: "See and control",
    hint: "May switch, dim, open or lock — only the entities picked below.",
  },
] as const;

/**
 * Pick what a device may see, in the spirit of Home Assistant's "Expose entities": areas as
 * groups with counts, search, domain filters, whole areas with single exclusions, and whether the
 * device may only look or also control.
 */
export function ScopePicker({ catalog, scope, onChange }: Props) {
  const id = useId();
  return (
    <div className="scope-picker">
      <fieldset className="access">
        <legend>What it may do</legend>
        {ACCESS.map((a) => (
          <label key={a.access} className="radio-card">
            <input
              type="radio"
              name={`${id}-access`}
              checked={scope.access === a.access}
              onChange={() => onChange(setAccess(scope, a.access))}
            />
            <span>
              <strong>{a.title}</strong>
              <span className="hint">{a.hint}</span>
            </span>
          </label>
        ))}
      </fieldset>
      <EntityPicker catalog={catalog} scope={scope} onChange={onChange} />
    </div>
  );
}

function EntityPicker({ catalog, scope, onChange }: Props) {
  const [search, setSearch] = useState("");
  const [domains, setDomains] = useState<ReadonlySet<string>>(new Set());
  const [opened, setOpened] = useState<ReadonlySet<string>>(new Set());
  const filter: Filter = useMemo(() => ({ search, domains }), [search, domains]);
  const groups = useMemo(() => groupsOf(catalog, scope, filter), [catalog, scope, filter]);
  const selected = useMemo(() => selectedIds(scope, catalog), [catalog, scope]);
  const filtering = isFiltering(filter);
  const shown = groups.flatMap((g) => g.visible.map((e) => e.entity_id));
  const missingAreas = unknownAreas(scope, catalog);
  const clearFilters = () => {
    setSearch("");
    setDomains(new Set());
  };

  return (
    <fieldset className="entities">
      <legend>What it may see</legend>
      <p className="hint">
        Picking an area also includes entities added to it later. Untick single entities to exclude them.
      </p>
      <div className="picker-toolbar">
        <input
          type="search"
          className="search"
          aria-label="Search entities"
          placeholder="Search by name, entity ID or area"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
        <DomainChips catalog={catalog} chosen={domains} onChange={setDomains} />
      </div>
      <div className="picker-status">
        <p aria-live="polite">
          <strong>{selected.size}</strong> of {catalog.entities.length} entities picked
          {filtering && ` · ${shown.length} shown`}
        </p>
        {filtering && shown.length > 0 && (
          <div className="row wrap">
            <button
              type="button"
              className="button text"
              onClick={() => onChange(setEntities(scope, catalog, shown, true))}
            >
              Pick all shown
            </button>
            <button
              type="button"
              className="button text"
              onClick={() => onChange(setEntities(scope, catalog, shown, false))}
            >
              Drop all shown
            </button>
            <button type="button" className="button text" onClick={clearFilters}>
              Clear filters
            </button>
          </div>
        )}
      </div>
      {missingAreas.length > 0 && (
        <p className="notice notice-warn">
          {missingAreas.length === 1 ? "One area" : `${missingAreas.length} areas`} in this scope no longer
          exist in Home Assistant and give nothing.
        </p>
      )}
      {groups.length === 0 ? (
        <p className="muted empty">
          {filtering ? "No entity matches." : "Home Assistant has no entities yet."}
        </p>
      ) : (
        <ul className="groups">
          {groups.map((group) => (
            <AreaGroup
              key={group.key}
              group={group}
              scope={scope}
              selected={selected}
              open={opened.has(group.key)}
              onOpen={(open) => {
                const next = new Set(opened);
                if (open) next.add(group.key);
                else next.delete(group.key);
                setOpened(next);
              }}
              expandAll={filtering}
              onToggleGroup={(on) => onChange(toggleGroup(scope, catalog, group.key, on))}
              onToggleEntity={(entityId, on) => onChange(toggleEntity(scope, catalog, entityId, on))}
            />
          ))}
        </ul>
      )}
    </fieldset>
  );
}
