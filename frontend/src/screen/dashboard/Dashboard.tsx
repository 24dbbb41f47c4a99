import type { Connection, HassEntities } from "home-assistant-js-websocket";
import { memo, useCallback, useMemo, useRef, useState } from "react";
import { type Layout, nextLayout } from "./layout.js";
import { type TileAccess, tileAccess } from "./model/access.js";
import type { Section } from "./model/sections.js";
import type { Registries } from "./model/types.js";
import { Tile } from "./tiles/Tile.js";
import { useHome } from "./useHome.js";
import "./dashboard.css";

export interface DashboardProps {
  conn: Connection;
  /** False for a read-only scope or a read-only pass: no controls at all. */
  controls: boolean;
  /** Entities whose access differs from the scope's (the session's `entity_access`). */
  entityAccess?: Readonly<Record<string, TileAccess>> | undefined;
  /** False while HAsync or HA is away: every tile greyed, last known states kept. */
  online: boolean;
}

/** The layout, kept from one update to the next while no entity, name or area moved (layout.ts). */
function useLayout(entities: HassEntities | null, registries: Registries): Layout | null {
  const previous = useRef<Layout | null>(null);
  return useMemo(() => {
    if (entities === null) return null;
    previous.current = nextLayout(previous.current, entities, registries);
    return previous.current;
  }, [entities, registries]);
}

/** One polite live region for the whole dashboard: what a control did, or why it did not. */
function useAnnouncer(): [string, (text: string) => void] {
  const [message, setMessage] = useState("");
  const announce = useCallback((text: string) => setMessage(text), []);
  return [message, announce];
}

interface SectionProps {
  section: Section;
  layout: Layout;
  controls: boolean;
  entityAccess: Readonly<Record<string, TileAccess>> | undefined;
  online: boolean;
  conn: Connection;
  announce: (text: string) => void;
  headingLevel: 2 | 3;
}

/**
 * A section renders again only when one of its own entities' state objects changed (or a prop
 * did): with 200 entities an update touches one section and, in it, only the changed tiles.
 */
function sameSection(before: SectionProps, after: SectionProps): boolean {
  if (
    before.section !== after.section ||
    before.controls !== after.controls ||
    before.entityAccess !== after.entityAccess ||
    before.online !== after.online
  )
    return false;
  if (
    before.conn !== after.conn ||
    before.announce !== after.announce ||
    before.headingLevel !== after.headingLevel
  )
    return false;
  const a = before.layout;
  const b = after.layout;
  if (a.names !== b.names || a.registries !== b.registries) return false;
  return before.section.entityIds.every((id) => a.entities[id] === b.entities[id]);
}

const AreaSection = memo(function AreaSection(props: SectionProps) {
  const { section, layout, headingLevel } = props;
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <section className="dash-section" aria-label={section.title}>
      <Heading className="dash-section-title">{section.title}</Heading>
      <div className="dash-grid">
        {section.entityIds.map((id) => {
          const state = layout.entities[id];
          if (!state) return null;
          return (
            <Tile
              key={id}
              state={state}
              name={layout.names[id] ?? id}
              title={layout.titles[id] ?? id}
              entry={layout.registries.entities[id]}
              access={tileAccess(id, props.controls, props.entityAccess)}
              online={props.online}
              conn={props.conn}
              announce={props.announce}
            />
          );
        })}
      </div>
    </section>
  );
}, sameSection);

/**
 * The screen's live dashboard: every entity of the device's scope, by floor and area in Home
 * Assistant's order (model/sections.ts), one tile each with the control its domain gets.
 */
export function Dashboard(props: DashboardProps) {
  const { conn, controls, entityAccess, online } = props;
  const { entities, registries } = useHome(conn);
  const layout = useLayout(entities, registries);
  const [message, announce] = useAnnouncer();
  if (layout === null) {
    return (
      <p className="dash-loading" role="status">
        Loading your home…
      </p>
    );
  }
  return (
    <div className={online ? "dash" : "dash dash-offline"}>
      <div className="visually-hidden" aria-live="polite" aria-atomic="true">
        {message}
      </div>
      {layout.groups.length === 0 && (
        <p className="dash-muted">Nothing has been shared with this screen yet.</p>
      )}
      {layout.groups.map((group) => (
        <div key={group.id || "rest"} className="dash-floor">
          {group.title && <h2 className="dash-floor-title">{group.title}</h2>}
          {group.sections.map((section) => (
            <AreaSection
              key={section.id || "other"}
              section={section}
              layout={layout}
              controls={controls}
              entityAccess={entityAccess}
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
