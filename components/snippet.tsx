import type { SnippetPart } from "@/lib/cases/search";

/** A passage with the query's words marked. */
export function Snippet({ parts }: { parts: SnippetPart[] }) {
  return (
    <span>
      {parts.map((part, i) =>
        part.match ? (
          <mark key={i} className="rounded bg-yellow-100 px-0.5 text-ink">
            {part.text}
          </mark>
        ) : (
          <span key={i}>{part.text}</span>
        ),
      )}
    </span>
  );
}
