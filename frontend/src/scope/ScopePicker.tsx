import type { Scope } from "hasync";
import { useId, useMemo, useState } from "react";
import { AreaGroup } from "./AreaGroup.js";
import { DomainAccess } from "./DomainAccess.js";
import { DomainChips } from "./DomainChips.js";
import { previewOf, setEntityAccess } from "./guard.js";
import { LimitsSection } from "./LimitsSection.js";
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
import { useResolve } from "./useResolve.js";

interface Props {
  catalog: Catalog;
  scope: Scope;
  onChange: (scope: Scope) => void;
}

interface EntityProps extends Props {
  /** Entity ids the scope picks, computed once for all groups. */
  selected: ReadonlySet<string>;
}

const ACCESS = [
  { access: "read", title: "See only", hint: "States update live; nothing can be switched." },
  {
    access: "control",
    title: "See and control",
    hint: "May switch, dim or open — only the entities picked below; locks, alarms and garage doors ask you first.",
  },
] as const;

/**
 * Pick what a device may see, in the spirit of Home Assistant's "Expose entities": areas as
 * groups with counts, search, domain filters, whole areas with single exclusions, and whether the
 * device may only look or also control; then the guard rails: access per kind of entity and per
 * entity, and limits, with a preview of what the device may do.
 */
export function ScopePicker({ catalog, scope, onChange }: Props) {
  const id = useId();
  const selected = useMemo(() => selectedIds(scope, catalog), [catalog, scope]);
  const { result } = useResolve(scope);
  // The picker knows the entities it has loaded at once; the server also those it has not.
  const preview = useMemo(() => {
    const ids = new Set([...selected, ...(result?.entity_ids ?? [])]);
    return previewOf(scope, ids, (entityId) => {
      const e = catalog.byId.get(entityId);
      return e && { name: e.name, deviceClass: e.device_class };
    });
  }, [catalog, scope, selected, result]);
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
      <DomainAccess scope={scope} preview={preview} onChange={onChange} />
      <LimitsSection scope={scope} onChange={onChange} />
      <EntityPicker catalog={catalog} scope={scope} onChange={onChange} selected={selected} />
    </div>
  );
}

function EntityPicker({ catalog, scope, onChange, selected }: EntityProps) {
  const [search, setSearch] = useState("");
  const [domains, setDomains] = useState<ReadonlySet<string>>(new Set());
  const [opened, setOpened] = useState<ReadonlySet<string>>(new Set());
  const filter: Filter = useMemo(() => ({ search, domains }), [search, domains]);
  const groups = useMemo(() => groupsOf(catalog, scope, filter), [catalog, scope, filter]);
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
              onEntityAccess={(entityId, choice) => onChange(setEntityAccess(scope, entityId, choice))}
            />
          ))}
        </ul>
      )}
    </fieldset>
  );
}
