import type { Device } from "hasync";
import { useMemo, useState } from "react";
import { Card, Empty, ErrorNotice, Loading } from "../components/ui.js";
import { dateTime } from "../format/time.js";
import { stateInWords } from "./preview.js";
import { usePreview } from "./usePreview.js";

/** A live view of exactly what the device sees: its entities and their states as they change. */
export function PreviewCard({ device }: { device: Device }) {
  const preview = usePreview(device.id);
  const [search, setSearch] = useState("");
  const entities = preview.data?.entities ?? [];
  const shown = useMemo(() => {
    const q = search.trim().toLocaleLowerCase();
    return q === ""
      ? entities
      : entities.filter((e) => `${e.name} ${e.entity_id}`.toLocaleLowerCase().includes(q));
  }, [entities, search]);

  return (
    <Card
      title="What it sees now"
      headingId="preview"
      actions={preview.data && <span className="muted small">{entities.length} entities · live</span>}
    >
      {!preview.data && preview.loading && <Loading />}
      <ErrorNotice error={preview.error} onRetry={preview.reload} />
      {preview.data && entities.length === 0 && (
        <Empty>This device sees nothing. Pick areas or entities above.</Empty>
      )}
      {entities.length > 8 && (
        <input
          type="search"
          className="search"
          aria-label="Search what the device sees"
          placeholder="Search"
          value={search}
          onChange={(e) => setSearch(e.target.value)}
        />
      )}
      {shown.length > 0 && (
        <ul className="list preview-list">
          {shown.map((e) => (
            <li key={e.entity_id} className="list-row">
              <span className="grow">
                {e.name}
                <span className="entity-id">{e.entity_id}</span>
              </span>
              {/* Keyed by state so each change replays the highlight. */}
              <span
                key={e.state}
                className="state preview-state flash"
                title={`Changed ${dateTime(e.last_changed)}`}
              >
                {stateInWords(e)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
