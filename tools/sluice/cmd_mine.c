/* sluice mine: mining on pools (Stratum dialects of pool_client.h) with the
 * CPU and OpenCL/CUDA devices (miner.h); options as in miner_contract.md. */
#include "cli.h"
#include "miner_run.h"
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

static const char help_text[] =
    "usage: sluice mine --algo tensority|ethash --pool URL [--pool URL2 ...] --user NAME [--pass P]\n"
    "                   [--backend cpu,opencl,cuda] [--devices LIST] [--threads N] [--ethash-light]\n"
    "                   [--dag-dir DIR] [--api-port P] [--status-interval S] [--duration S]\n"
    "                   [--max-shares N] [--json]\n"
    "  Mines on a pool; more --pool URLs are fail-over pools, tried in order.\n"
    "  URLs: tensority  stratum+tcp://, bytom+tcp://, tcp://   (Bytom pool protocol)\n"
    "        ethash     stratum1+tcp:// (ethproxy), stratum2+tcp:// (EthereumStratum/1.0.0),\n"
    "                   stratum+tcp:// (plain stratum)\n"
    "  --backend          comma list of cpu, opencl, cuda (default cpu); all devices mine at once\n"
    "                     on disjoint nonce ranges\n"
    "  --devices          accelerators to use: indices into the list of the selected APIs' devices\n"
    "                     (OpenCL first, then CUDA, as `sluice devices` lists them) or api:index\n"
    "                     items, e.g. 0,1 or opencl:0,cuda:1 (default: all of them)\n"
    "  --threads          CPU threads (default one per core)\n"
    "  --ethash-light     the CPU mines Ethash in light mode (no 1+ GiB DAG; much slower)\n"
    "  --dag-dir          where the CPU's Ethash DAG is cached on disk (default\n"
    "                     $XDG_CACHE_HOME or ~/.cache/sluice/ethash)\n"
    "  --api-port         HTTP JSON status on 127.0.0.1:P (GET /1/summary); 0 = off (default)\n"
    "  --status-interval  seconds between status lines (default 10)\n"
    "  --duration         stop after S seconds; --max-shares: after N accepted shares\n"
    "  --json             one JSON event a line: connected, disconnected, job, share, status, log,\n"
    "                     progress, summary\n"
    "  SIGINT/SIGTERM stop cleanly (summary printed, exit 0). Exit 2 for bad options.\n";

/* A per-run random start for the nonce counters (miner.h "Nonce partition"). */
static uint64_t random_salt(void) {
    uint64_t v = 0;
    if (getrandom(&v, sizeof v, 0) != (ssize_t)sizeof v) v = (uint64_t)time(NULL) * 0x9e3779b97f4a7c15ull;
    return v;
}

int cmd_mine(sluice_cli *cli, int argc, char **argv) {
    const char *cmd = "mine";
    const char *algo_s = NULL, *user = NULL, *pass = "x", *backend = "cpu", *devices = NULL, *threads_s = "0";
    const char *dag_dir = "", *api_s = "0", *interval_s = "10", *duration_s = "0", *max_shares_s = "0";
    const char *pools[POOL_MAX_URLS];
    unsigned npools = 0;
    int light = 0, help = 0;
    cli_opt opts[] = {{"algo", &algo_s, NULL},          {"user", &user, NULL},
                      {"pass", &pass, NULL},            {"backend", &backend, NULL},
                      {"devices", &devices, NULL},      {"threads", &threads_s, NULL},
                      {"ethash-light", NULL, &light},   {"dag-dir", &dag_dir, NULL},
                      {"api-port", &api_s, NULL},       {"status-interval", &interval_s, NULL},
                      {"duration", &duration_s, NULL},  {"max-shares", &max_shares_s, NULL},
                      {NULL, NULL, NULL}};
    cli_multi multi[] = {{"pool", pools, POOL_MAX_URLS, &npools}, {NULL, NULL, 0, NULL}};
    if (cli_parse_multi(cli, cmd, argc, argv, opts, multi, NULL, 0, NULL, &help)) return CLI_USAGE;
    if (help) { fputs(help_text, stdout); return CLI_OK; }

    miner_run_config rc;
    memset(&rc, 0, sizeof rc);
    rc.json = cli->json;
    if (!algo_s) return cli_fail(cli, cmd, "--algo is required (tensority or ethash)");
    if (strcmp(algo_s, "tensority") == 0) rc.miner.algo = MINER_ALGO_TENSORITY;
    else if (strcmp(algo_s, "ethash") == 0) rc.miner.algo = MINER_ALGO_ETHASH;
    else return cli_fail(cli, cmd, "unknown --algo '%s' (tensority or ethash)", algo_s);
    if (npools == 0) return cli_fail(cli, cmd, "--pool URL is required");
    if (!user || !*user) return cli_fail(cli, cmd, "--user NAME is required");
    char why[512];
    for (unsigned i = 0; i < npools; i++) {
        if (pool_url_parse(pools[i], rc.miner.algo, &rc.pool.urls[i], why, sizeof why) != 0)
            return cli_fail(cli, cmd, "bad --pool: %s", why);
    }
    rc.pool.nurls = npools;
    rc.pool.user = user;
    rc.pool.pass = pass;
    rc.pool.agent = "sluice/" MINER_VERSION;
    rc.pool.algo = rc.miner.algo;

    unsigned threads, api_port;
    uint64_t max_shares;
    if (!cli_parse_uint(threads_s, 0, 1024, &threads)) return cli_fail(cli, cmd, "bad --threads '%s' (0..1024)", threads_s);
    if (!cli_parse_uint(api_s, 0, 65535, &api_port)) return cli_fail(cli, cmd, "bad --api-port '%s' (0..65535)", api_s);
    if (!cli_parse_double(interval_s, 0.1, 86400, &rc.status_interval))
        return cli_fail(cli, cmd, "bad --status-interval '%s' (0.1..86400 seconds)", interval_s);
    if (!cli_parse_double(duration_s, 0, 1e9, &rc.duration))
        return cli_fail(cli, cmd, "bad --duration '%s' (seconds; 0 = until stopped)", duration_s);
    if (!cli_parse_u64(max_shares_s, &max_shares)) return cli_fail(cli, cmd, "bad --max-shares '%s'", max_shares_s);
    rc.api_port = (uint16_t)api_port;
    rc.max_shares = max_shares;

    if (miner_devices_select(backend, devices, rc.miner.devices, MINER_MAX_DEVICES, &rc.miner.ndevices, why,
                             sizeof why) != 0)
        return cli_fail(cli, cmd, "%s", why);
    rc.miner.cpu_threads = threads;
    rc.miner.ethash_light = light;
    rc.miner.dag_dir = dag_dir;
    rc.miner.salt = random_salt();
    return miner_run(&rc);
}
