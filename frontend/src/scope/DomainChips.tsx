import { domainName } from "./domains.js";
import { type Catalog, domainCounts } from "./model.js";

interface Props {
  catalog: Catalog;
  chosen: ReadonlySet<string>;
  onChange: (chosen: ReadonlySet<string>) => void;
}

/** Toggle buttons that narrow the list to kinds of entities (Lights, Sensors...), with counts. */
export function DomainChips({ catalog, chosen, onChange }: Props) {
  const toggle = (domain: string) => {
    const next = new Set(chosen);
    if (next.has(domain)) next.delete(domain);
    else next.add(domain);
    onChange(next);
  };
  return (
    <fieldset className="chips">
      <legend className="visually-hidden">Show only these kinds of entities</legend>
      {domainCounts(catalog).map(({ domain, count }) => (
        <button
          key={domain}
          type="button"
          className="chip"
          aria-pressed={chosen.has(domain)}
          onClick={() => toggle(domain)}
        >
          {domainName(domain)} <span className="count">{count}</span>
        </button>
      ))}
    </fieldset>
  );
}
