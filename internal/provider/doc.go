// Package provider is the Turso Terraform provider: its configuration and its data sources.
//
// Every data source but one sets its state the framework's way, resp.State.Set. The exception is
// turso_organization_usage, whose state for a large organization (tens of thousands of databases,
// tens of megabytes) the framework would copy, compare and convert many times over. Its read takes
// this route, each step guarded by the tests named:
//
//  1. Stream decode. The usage response is decoded as it arrives, through the client's one bounded
//     reader, each database validated and kept as soon as it is read; its wire form is never held
//     whole (turso: TestDecodeOrganizationUsageStreams, TestDecodeOrganizationUsage_entryBound, the
//     hostile tests).
//  2. Tables. The databases and their instances are two slices of plain entries, counters exact,
//     UUIDs as 16 bytes where they parse and as sent otherwise (turso: TestUsageDatabases_roundTrip,
//     TestUsageDatabases_uuidsRoundTrip, TestUsageDatabases_countersExact).
//  3. Join with the list. The database list, read page by page at the same time, is a slice of
//     plain entries sorted by UUID, groups and regions shared through the unique package; each
//     database finds its name there (turso: TestDatabaseList, TestDatabases_indexed; here:
//     TestSumGroups, TestEncodeOrganizationUsage_uuidsAsSent).
//  4. State bytes. encodeOrganizationUsage writes the state as msgpack, exactly as tftypes would,
//     into one buffer of the size usageStateLen computes beforehand (TestEncodeOrganizationUsage_matchesTftypes,
//     TestEncodeOrganizationUsage_differencesAreCaught, TestValueLengths_matchWriters,
//     TestOrganizationUsage_readLogsTheState).
//  5. Hand-over. setEncodedState hands the bytes to the protocol server of NewProtocol6 through the
//     read's context, and its ReadDataSource sends them to Terraform as they are; gRPC marshals the
//     response like any other. TestNewProtocol6_handsOverTheState fails the day the framework stops
//     passing the context through; TestNewProtocol6_readsLikeTheFramework compares the bytes with the
//     framework's own path; TestHandedOverState_survivesReMarshalling re-marshals the response and
//     finds every database; TestCLI_stateWhole reads 150 and 10,000 databases through Terraform.
package provider
