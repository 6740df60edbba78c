import { describe, expect, it } from 'vitest';
import { PolicyAgreement } from '../policy-agreement';

describe('which policy the instances of a subgraph serve', () => {
  const clock = (start = 0) => {
    let t = start;
    return { now: () => t, advance: (ms: number) => (t += ms) };
  };

  it('two versions for the second a reload takes is agreement again once every instance has it', () => {
    const time = clock();
    const agreement = new PolicyAgreement(5000, 30_000, time.now);
    agreement.record('members', 'a', 'v1');
    agreement.record('members', 'b', 'v1');
    expect(agreement.report().members).toMatchObject({ agree: true, degraded: false, instances: { a: 'v1', b: 'v1' } });
    agreement.record('members', 'a', 'v2');
    expect(agreement.report().members).toMatchObject({ agree: false, degraded: false, disagreeingSince: new Date(0).toISOString() });
    time.advance(1000);
    agreement.record('members', 'b', 'v2');
    expect(agreement.report().members).toEqual({ agree: true, degraded: false, instances: { a: 'v2', b: 'v2' } });
  });

  it('instances that go on serving different versions longer than the tolerance are reported', () => {
    const time = clock();
    const agreement = new PolicyAgreement(5000, 30_000, time.now);
    agreement.record('catalogue', 'a', 'v1');
    agreement.record('catalogue', 'b', 'v2');
    time.advance(5001);
    agreement.record('catalogue', 'a', 'v1');
    expect(agreement.report().catalogue).toMatchObject({ agree: false, degraded: true, instances: { a: 'v1', b: 'v2' } });
    // Other subgraphs are not affected.
    agreement.record('regions', 'c', 'v1');
    expect(agreement.report().regions).toMatchObject({ agree: true, degraded: false });
  });

  it('an instance not seen for a while is forgotten, and with it the disagreement', () => {
    const time = clock();
    const agreement = new PolicyAgreement(5000, 30_000, time.now);
    agreement.record('members', 'old', 'v1');
    agreement.record('members', 'new', 'v2');
    for (let i = 0; i < 4; i++) {
      time.advance(10_000);
      agreement.record('members', 'new', 'v2');
    }
    expect(agreement.report().members).toEqual({ agree: true, degraded: false, instances: { new: 'v2' } });
  });
});
