import type { HaAreaList, HaEntityList } from "hasync";
import { useMemo } from "react";
import { useAdminEvents } from "../api/events.js";
import { useResource } from "../api/resource.js";
import { buildCatalog, type Catalog } from "./model.js";

/** Home Assistant's areas and entities, as the scope picker groups them. */
export function useCatalog(): { catalog: Catalog | undefined; error: unknown; reload: () => void } {
  const areas = useResource<HaAreaList>("admin/ha/areas");
  const entities = useResource<HaEntityList>("admin/ha/entities");
  useAdminEvents((event) => {
    if (event.type !== "hello") return;
    areas.reload();
    entities.reload();
  });
  const catalog = useMemo(
    () =>
      areas.data && entities.data
        ? buildCatalog(
            areas.data.areas,
            entities.data.entities.map((e) => ({ ...e, device_class: e.attributes.device_class })),
          )
        : undefined,
    [areas.data, entities.data],
  );
  return {
    catalog,
    error: areas.error ?? entities.error,
    reload: () => {
      areas.reload();
      entities.reload();
    },
  };
}
