/**
 * HA's REST endpoints a device never gets, answered as the service-call refusal is (`sendRefused`:
 * 403 `{"message":"Unauthorized"}` where HA answers a non-admin 401). Nothing is forwarded and no
 * body is read: HA checks `is_admin` before reading one too (`http/decorators.py require_admin`).
 * Each row names the HA core file and view it follows.
 */
export type RestMethod = "get" | "post" | "delete";

export const REFUSED_ROUTES: ReadonlyArray<readonly [RestMethod, string, string]> = [
  // Admin-only in HA (require_admin or an is_admin check): a device never presents as HA's admin.
  ["get", "/api/stream", "components/api/__init__.py APIEventStream.get"],
  ["post", "/api/states/:entity_id", "components/api/__init__.py APIEntityStateView.post"],
  ["delete", "/api/states/:entity_id", "components/api/__init__.py APIEntityStateView.delete"],
  ["post", "/api/events/:event_type", "components/api/__init__.py APIEventView.post"],
  // Templates read every state of the house, whatever the device's scope.
  ["post", "/api/template", "components/api/__init__.py APITemplateView.post"],
  ["get", "/api/error_log", "components/api/__init__.py APIErrorLog.get"],
  ["post", "/api/config/core/check_config", "components/config/core.py CheckConfigView.post"],
  ...(["automation", "script", "scene"] as const).flatMap((kind) =>
    (["get", "post", "delete"] as const).map(
      (method) =>
        [method, `/api/config/${kind}/config/:key`, "components/config/view.py BaseEditConfigView"] as const,
    ),
  ),
  [
    "delete",
    "/api/config/config_entries/entry/:entry_id",
    "components/config/config_entries.py ConfigManagerEntryResourceView.delete",
  ],
  [
    "post",
    "/api/config/config_entries/entry/:entry_id/reload",
    "components/config/config_entries.py ConfigManagerEntryResourceReloadView.post",
  ],
  ...(["flow", "options/flow", "subentries/flow"] as const).flatMap((flow) => [
    [
      "post",
      `/api/config/config_entries/${flow}`,
      "components/config/config_entries.py *FlowIndexView.post",
    ] as const,
    ...(["get", "post", "delete"] as const).map(
      (method) =>
        [
          method,
          `/api/config/config_entries/${flow}/:flow_id`,
          "components/config/config_entries.py *FlowResourceView",
        ] as const,
    ),
  ]),
  // Open to any HA user, refused here: config entries name every integration and account of the
  // house (titles are often e-mail addresses or IPs), as `config_entries/get` does on the socket.
  [
    "get",
    "/api/config/config_entries/entry",
    "components/config/config_entries.py ConfigManagerEntryIndexView.get",
  ],
  [
    "get",
    "/api/config/config_entries/flow_handlers",
    "components/config/config_entries.py ConfigManagerAvailableFlowView.get",
  ],
];
