/** Offers an object URL to the browser as a download named `filename`, as a click on a link would. */
export function offerDownload(url: string, filename: string): void {
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
}
