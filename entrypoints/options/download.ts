// Saves a text as a file the browser downloads: a Blob URL clicked through an <a download>.

export interface Download {
  name: string;
  type: string;
  text: string;
}

export function downloadFile({ name, type, text }: Download): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // Firefox reads the URL after click() returns; give it a moment before letting the Blob go.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** The text of a file the user picked (FileReader: Blob.text() is missing in some test environments). */
export function readFileText(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () => reject(reader.error ?? new Error('could not read the file'));
    reader.readAsText(file, 'utf-8');
  });
}
