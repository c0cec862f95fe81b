// The browser side of lib/export/stream.ts's `attachment`: the file name a download's Content-Disposition
// gives, for the pages that fetch an export or a report themselves and then offer it as a file.

/** The RFC 6266 UTF-8 name (filename*) when given, else the plain one, else `fallback`. */
export function filenameFromDisposition(disposition: string | null, fallback: string): string {
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition ?? "");
  if (star) {
    try {
      return decodeURIComponent(star[1]);
    } catch {
      // A malformed escape: the plain name below is still there to use.
    }
  }
  return /filename="([^"]+)"/i.exec(disposition ?? "")?.[1] ?? fallback;
}
