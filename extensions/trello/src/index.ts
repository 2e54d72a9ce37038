// Placeholder until the connector is written (see ../README.md).
export {};
