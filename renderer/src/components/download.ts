/** Saves text or bytes (a CSV, a PDF) as a file through the browser's (or Electron's) download, never a network fetch. */
export const download = (filename: string, content: string | Uint8Array<ArrayBuffer>, type: string): void => {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
};

export const downloadText = download;
export const downloadBytes = download;
