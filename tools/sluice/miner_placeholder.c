/* PLACEHOLDER so the sluice_miner library is not empty (helper F deletes this file). */
int sluice_miner_placeholder(void);
int sluice_miner_placeholder(void) { return 0; }
