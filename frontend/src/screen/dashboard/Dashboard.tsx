import type { Connection, HassEntities } from "home-assistant-js-websocket";
import { useCallback, useMemo, useRef, useState } from "react";
import { entityName, tileTitle } from "./model/names.js";
import { buildLayout, type FloorGroup, OTHER_SECTION, type Placed } from "./model/sections.js";
import type { Registries } from "./model/types.js";
import { Tile } from "./tiles/Tile.js";
import { useHome } from "./useHome.js";
import "./dashboard.css";

export interface DashboardProps {
  conn: Connection;
  /** False for a read-only scope or a read-only pass: no controls at all. */
  controls: boolean;
  /** False while HAsync or HA is away: every tile greyed, last known states kept. */
  online: boolean;
}

/** Names of every entity, and the layout, which changes only when an entity, name or area does. */
function useLayout(entities: HassEntities | null, registries: Registries) {
  const previous = useRef<{ key: string; registries: Registries; layout: FloorGroup[] } | null>(null);
  return useMemo(() => {
    const placed: Placed[] = [];
    const next: Record<string, string> = {};
    for (const id of Object.keys(entities ?? {})) {
      const state = (entities as HassEntities)[id];
      const name = entityName(state, registries.entities[id], registries.devices);
      next[id] = name;
      placed.push({ entityId: id, name, deviceClass: state.attributes.device_class });
    }
    const key = placed
      .map((item) => `${item.entityId}\u0000${item.name}\u0000${String(item.deviceClass)}`)
      .join("\u0001");
    // A state change that moves nothing keeps the same layout object.
    if (previous.current?.key !== key || previous.current.registries !== registries) {
      previous.current = { key, registries, layout: buildLayout(placed, registries) };
    }
    return { names: next, layout: previous.current.layout };
  }, [entities, registries]);
}

/** One polite live region for the whole dashboard: what a control did, or why it did not. */
function useAnnouncer(): [string, (text: string) => void] {
  const [message, setMessage] = useState("");
  const announce = useCallback((text: string) => setMessage(text), []);
  return [message, announce];
}

interface SectionProps {
  title: string;
  areaName: string | undefined;
  ids: string[];
  entities: HassEntities;
  names: Record<string, string>;
  registries: Registries;
  controls: boolean;
  online: boolean;
  conn: Connection;
  announce: (text: string) => void;
  headingLevel: 2 | 3;
}

/** Re-rendered on every update; its tiles are memoized, so only a changed tile renders again. */
function AreaSection(props: SectionProps) {
  const { title, areaName, ids, entities, names, registries, headingLevel } = props;
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <section className="dash-section" aria-label={title}>
      <Heading className="dash-section-title">{title}</Heading>
      <div className="dash-grid">
        {ids.map((id) => {
          const state = entities[id];
          if (!state) return null;
          const name = names[id] ?? id;
          return (
            <Tile
              key={id}
              state={state}
              name={name}
              title={tileTitle(name, areaName)}
              entry={registries.entities[id]}
              controls={props.controls}
              online={props.online}
              conn={props.conn}
              announce={props.announce}
            />
          );
        })}
      </div>
    </section>
  );
}

/**
 * The screen's live dashboard: every entity of the device's scope, by floor and area in Home
 * Assistant's order (model/sections.ts), one tile each with the control its domain gets.
 */
export function Dashboard(props: DashboardProps) {
  const { conn, controls, online } = props;
  const { entities, registries } = useHome(conn);
  const { names, layout } = useLayout(entities, registries);
  const [message, announce] = useAnnouncer();
  if (entities === null) {
    return (
      <p className="dash-loading" role="status">
        Loading your home…
      </p>
    );
  }
  const empty = layout.length === 0;
  return (
    <div className={online ? "dash" : "dash dash-offline"}>
      <div className="visually-hidden" aria-live="polite" aria-atomic="true">
        {message}
      </div>
      {empty && <p className="dash-muted">Nothing has been shared with this screen yet.</p>}
      {layout.map((group) => (
        <div key={group.id || "rest"} className="dash-floor">
          {group.title && <h2 className="dash-floor-title">{group.title}</h2>}
          {group.sections.map((section) => (
            <AreaSection
              key={section.id || "other"}
              title={section.title}
              areaName={section.id === OTHER_SECTION ? undefined : section.title}
              ids={section.entityIds}
              entities={entities}
              names={names}
              registries={registries}
              controls={controls}
              online={online}
              conn={conn}
              announce={announce}
              headingLevel={group.title ? 3 : 2}
            />
          ))}
        </div>
      ))}
    </div>
  );
}
