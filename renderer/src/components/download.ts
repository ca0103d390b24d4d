/** Saves text as a file through the browser's (or Electron's) download, never a network fetch. */
/** Saves bytes (a PDF) the same way. */
export const downloadBytes = (filename: string, bytes: Uint8Array<ArrayBuffer>, type: string): void => {
  const url = URL.createObjectURL(new Blob([bytes], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
};

export const downloadText = (filename: string, text: string, type: string): void => {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
};
