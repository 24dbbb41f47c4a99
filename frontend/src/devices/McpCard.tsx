import type { Device, ScreenAddress } from "hasync";
import { useRef, useState } from "react";
import { useResource } from "../api/resource.js";
import { Card, ErrorNotice, Loading } from "../components/ui.js";
import { mcpSnippet } from "./mcp.js";

/**
 * How to add the device to an MCP client: HAsync's `/mcp` on the LAN port (the address the
 * pair-screen hint shows, not the page's, which may be Home Assistant's ingress) and the token
 * its pairing gave it. The admin never sees device tokens, so the snippet holds a placeholder.
 * Open at once for an AI agent, offered for any other device.
 */
export function McpCard({ device }: { device: Device }) {
  const [open, setOpen] = useState(device.type === "ai_agent");
  return (
    <Card title="Use with an MCP client" headingId="mcp">
      <p>
        An AI agent’s MCP client talks to HAsync over Streamable HTTP and sees only what {device.name} may
        see; the guard rails above hold for every call.
      </p>
      {open ? (
        <Snippet />
      ) : (
        <button type="button" className="button" onClick={() => setOpen(true)}>
          Show the MCP client config
        </button>
      )}
    </Card>
  );
}

function Snippet() {
  const address = useResource<ScreenAddress>("admin/screen-address");
  const field = useRef<HTMLTextAreaElement>(null);
  const [copied, setCopied] = useState<"yes" | "no">();
  if (!address.data) {
    return (
      <>
        {address.loading && <Loading />}
        <ErrorNotice error={address.error} onRetry={address.reload} />
      </>
    );
  }
  const snippet = mcpSnippet(address.data.url);
  // Over plain HTTP on the LAN port the Clipboard API does not exist (it needs a secure context).
  const fallback = () => {
    field.current?.select();
    setCopied(document.execCommand("copy") ? "yes" : "no");
  };
  const copy = () => {
    if (!navigator.clipboard) fallback();
    else navigator.clipboard.writeText(snippet).then(() => setCopied("yes"), fallback);
  };
  return (
    <div className="field mcp-snippet">
      <label htmlFor="mcp-config">MCP client config</label>
      <textarea
        id="mcp-config"
        ref={field}
        className="code-block"
        readOnly
        rows={snippet.split("\n").length}
        value={snippet}
        onFocus={(e) => e.target.select()}
      />
      <div className="row wrap">
        <button type="button" className="button primary" onClick={copy}>
          Copy config
        </button>
        <p className="hint grow" role="status">
          {copied === "yes" && "Copied."}
          {copied === "no" && "The browser did not copy it: it is selected, copy it with Ctrl+C or ⌘C."}
        </p>
      </div>
      <p className="hint">
        Replace <span className="code">&lt;device token&gt;</span> with the token the agent got when it was
        paired (HAsync never shows it here). Paired with the CLI,{" "}
        <span className="code">npx hasync mcp-config</span> prints this with the token filled in.
      </p>
    </div>
  );
}
