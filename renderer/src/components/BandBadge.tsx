import { textColorOn } from '../../../shared/charts/matrixGrid';
import type { Band } from '../../../shared/matrix';

/** A band as a filled pill, text colour chosen for contrast on the band's own colour. */
export const BandBadge = ({ band, children, label }: { band: Band; children: React.ReactNode; label?: string }) => (
  <span className="badge badge-plain" style={{ background: band.color, color: textColorOn(band.color) }} aria-label={label}>
    {children}
  </span>
);
