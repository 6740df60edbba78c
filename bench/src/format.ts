/** Numbers for people: 1,234,567 and 12.3 s. */
export const formatCount = (n: number): string => Math.round(n).toLocaleString('en-US');

export function formatSeconds(seconds: number): string {
  if (seconds < 1) return `${Math.round(seconds * 1000)} ms`;
  if (seconds < 120) return `${seconds.toFixed(1)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

export const formatMs = (ms: number): string => (ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : Math.round(ms).toString());

export const formatMb = (bytes: number): string => `${Math.round(bytes / (1024 * 1024))} MB`;

/** A progress line: rewritten in place on a terminal, every 10% otherwise (logs stay short). */
export function progressLine(unit: string) {
  const tty = process.stderr.isTTY;
  let lastTenth = -1;
  let lastDraw = 0;
  const started = Date.now();
  return {
    update: (done: number, total: number) => {
      const tenth = Math.floor((done / total) * 10);
      const now = Date.now();
      const line = `  ${formatCount(done)} / ${formatCount(total)} ${unit} (${Math.round((done / total) * 100)}%, ${formatSeconds((now - started) / 1000)})`;
      if (tty) {
        if (now - lastDraw < 250 && done < total) return;
        lastDraw = now;
        process.stderr.write(`\r${line}   `);
      } else if (tenth > lastTenth) {
        lastTenth = tenth;
        process.stderr.write(`${line}\n`);
      }
    },
    done: () => {
      if (tty) process.stderr.write('\n');
    },
  };
}
