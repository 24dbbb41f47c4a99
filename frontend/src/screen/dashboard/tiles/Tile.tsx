import type { Connection } from "home-assistant-js-websocket";
import { memo, useCallback, useEffect, useMemo } from "react";
import { Icon } from "../icons/Icon.js";
import { ASKS_FIRST_WORDS, type TileAccess, WAITING_WORDS } from "../model/access.js";
import { controlsFor } from "../model/features.js";
import { iconName } from "../model/icons.js";
import { stateWords, weatherSummary } from "../model/state-words.js";
import type { DisplayEntry, Entity } from "../model/types.js";
import { domainOf } from "../model/types.js";
import { CameraImage } from "./CameraImage.js";
import { ControlView } from "./controls.js";
import { useServiceCall } from "./useServiceCall.js";

export interface TileProps {
  state: Entity;
  /** The entity's full name: the group's label and part of every control's name. */
  name: string;
  /** What the tile shows as its title (the name without its area in front). */
  title: string;
  entry: DisplayEntry | undefined;
  /** What the device may do with this entity now (model/access.ts `tileAccess`). */
  access: TileAccess;
  online: boolean;
  conn: Connection;
  announce: (text: string) => void;
}

function stateText(state: Entity, entry: DisplayEntry | undefined): string {
  return domainOf(state.entity_id) === "weather" ? weatherSummary(state) : stateWords(state, entry);
}

/**
 * One entity. Memoized: the dashboard passes the same state object until the entity changes, and
 * only primitive or stable props otherwise, so an update re-renders one tile.
 */
export const Tile = memo(function Tile(props: TileProps) {
  const { state, name, title, entry, access, online, conn, announce } = props;
  const domain = domainOf(state.entity_id);
  const onDone = useCallback(
    (next: Entity) => announce(`${name}: ${stateText(next, entry)}`),
    [announce, name, entry],
  );
  const asksFirst = access === "confirm";
  const { error, waiting, run } = useServiceCall(conn, state, asksFirst, onDone);
  useEffect(() => {
    if (error) announce(`${name}: ${error}`);
  }, [error, announce, name]);
  useEffect(() => {
    if (waiting) announce(`${name}: ${WAITING_WORDS}`);
  }, [waiting, announce, name]);
  const list = useMemo(() => (access === "read" ? [] : controlsFor(state)), [access, state]);
  const unavailable = state.state === "unavailable";
  const className = `dash-tile${unavailable || !online ? " dash-dim" : ""}${domain === "camera" ? " dash-wide" : ""}`;
  return (
    // biome-ignore lint/a11y/useSemanticElements: a fieldset would bring form semantics and UA styling to a tile that is not a form; a div with role="group" is the tile's contract with the e2e suite.
    <div className={className} role="group" aria-label={name} data-entity-id={state.entity_id}>
      <div className="dash-head">
        <Icon name={iconName(state, entry)} domain={domain} />
        <div className="dash-text">
          <span className="dash-name">{title}</span>
          <span className="dash-state">{stateText(state, entry)}</span>
          {asksFirst && list.length > 0 && <span className="dash-asks">{ASKS_FIRST_WORDS}</span>}
        </div>
      </div>
      {domain === "camera" && (
        <CameraImage picture={stringOr(state.attributes.entity_picture)} name={name} online={online} />
      )}
      {list.length > 0 && (
        <div className="dash-controls">
          {list.map((control) => (
            <ControlView
              key={control.kind}
              control={control}
              state={state}
              name={name}
              disabled={!online || waiting}
              asksFirst={asksFirst}
              run={run}
            />
          ))}
        </div>
      )}
      {waiting && <p className="dash-waiting">{WAITING_WORDS}</p>}
      {error && <p className="dash-error">{error}</p>}
    </div>
  );
});

const stringOr = (value: unknown): string | undefined =>
  typeof value === "string" && value ? value : undefined;
