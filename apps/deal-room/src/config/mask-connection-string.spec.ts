import { maskConnectionString } from './mask-connection-string';

describe('maskConnectionString', () => {
  it.each([
    ['esdb://admin:changeit@localhost:2113?tls=false', 'esdb://admin:***@localhost:2113?tls=false'],
    ['esdb+discover://ops:p%40ss@cluster.example.com:2113', 'esdb+discover://ops:***@cluster.example.com:2113'],
    ['esdb://localhost:2113?tls=false', 'esdb://localhost:2113?tls=false'],
    ['esdb://node1:2113,node2:2113?nodePreference=leader', 'esdb://node1:2113,node2:2113?nodePreference=leader'],
  ])('masks %s as %s', (connectionString, masked) => {
    expect(maskConnectionString(connectionString)).toBe(masked);
  });
});
