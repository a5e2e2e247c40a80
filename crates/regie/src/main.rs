//! The `regie` command: a thin CLI over the library crates.

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};
use regie::demo;
use regie_access::Access;
use regie_web::Application;
use std::sync::Arc;

/// Regie: one shared, secure case platform for a region's child and family protection chain.
#[derive(Parser)]
#[command(version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the API (migrating the database first).
    Serve {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080", env = "REGIE_LISTEN")]
        listen: String,
        /// A SQLite file path or a postgres:// URL.
        #[arg(long, default_value = "regie.db", env = "REGIE_DATABASE")]
        database: String,
        /// Browsers reach Regie over TLS (through a proxy): mark every cookie `Secure`.
        #[arg(long, env = "REGIE_SECURE_COOKIES")]
        secure_cookies: bool,
        /// Whether professionals must sign in with a second factor (an authenticator app's code). Household
        /// members may always switch one on.
        #[arg(long, value_enum, default_value = "required", env = "REGIE_SECOND_FACTOR")]
        second_factor: SecondFactor,
        /// The address partner systems reach Regie's API at, for the `dataref` of notifications (default: the
        /// address it listens on).
        #[arg(long, env = "REGIE_PUBLIC_URL")]
        public_url: Option<String>,
        /// The CloudEvents `source` of notifications: a URN in the `nld` namespace naming the organisation and
        /// the system (NL GOV profile for CloudEvents), for example `urn:nld:oin:<OIN>:systeem:regie`.
        #[arg(long, default_value = "urn:nld:regie", env = "REGIE_EVENT_SOURCE")]
        event_source: String,
        /// Let webhook endpoints be plain http on this machine's loopback (a receiver beside the server, for
        /// tests); never over a network.
        #[arg(long, env = "REGIE_ALLOW_LOOPBACK_WEBHOOKS")]
        allow_loopback_webhooks: bool,
    },
    /// Apply the database migrations and exit.
    Migrate {
        /// A SQLite file path or a postgres:// URL.
        #[arg(long, default_value = "regie.db", env = "REGIE_DATABASE")]
        database: String,
    },
    /// Create the fictional demo region "Regio Voorbeeld" (once) and serve it.
    Demo {
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080", env = "REGIE_LISTEN")]
        listen: String,
        /// A SQLite file path or a postgres:// URL.
        #[arg(long, default_value = "regie-demo.db", env = "REGIE_DATABASE")]
        database: String,
        /// Whether professionals must sign in with a second factor; optional in the demo, so that it can be
        /// tried without an authenticator app.
        #[arg(long, value_enum, default_value = "optional", env = "REGIE_SECOND_FACTOR")]
        second_factor: SecondFactor,
        /// The address partner systems reach Regie's API at, for the `dataref` of notifications (default: the
        /// address it listens on).
        #[arg(long, env = "REGIE_PUBLIC_URL")]
        public_url: Option<String>,
        /// The CloudEvents `source` of notifications: a URN in the `nld` namespace naming the organisation and
        /// the system (NL GOV profile for CloudEvents), for example `urn:nld:oin:<OIN>:systeem:regie`.
        #[arg(long, default_value = "urn:nld:regie", env = "REGIE_EVENT_SOURCE")]
        event_source: String,
    },
    /// Manage the accounts of the web application (passwords are read from standard input).
    Account {
        #[command(subcommand)]
        command: AccountCommand,
    },
    /// Manage API tokens.
    Token {
        #[command(subcommand)]
        command: TokenCommand,
    },
    /// Print what needs attention in a professional's open cases, or in their team's (as `GET /api/v1/worklist`); for the
    /// Raad, the court and a GI also their work on court routes (as `GET /api/v1/justice/worklist`).
    Worklist {
        /// A SQLite file path or a postgres:// URL.
        #[arg(long, default_value = "regie.db", env = "REGIE_DATABASE")]
        database: String,
        /// The professional's username.
        #[arg(long)]
        user: String,
        /// The whole team of that professional instead (and, for the Raad and a GI, their organisation's
        /// work on court routes instead of their own).
        #[arg(long)]
        team: bool,
        /// Only the cases in which this colleague of the team (a username) still holds work, also after
        /// their access ended: to pass on the work of a colleague who is away or leaving.
        #[arg(long, value_name = "USERNAME", conflicts_with = "team")]
        of: Option<String>,
    },
    /// Bring in data from an earlier registration.
    Import {
        #[command(subcommand)]
        command: ImportCommand,
    },
    /// The processing log (Logboek Dataverwerkingen): check its hash chain, or export it.
    Log {
        #[command(subcommand)]
        command: LogCommand,
    },
    /// Retention of files (F21): destroy those past their term, or list what was destroyed.
    Retention {
        #[command(subcommand)]
        command: RetentionCommand,
    },
    /// Configure the deployment's pilot regions (F26): each with its own organisations, teams, norms, route
    /// variant and help catalogue.
    Region {
        #[command(subcommand)]
        command: RegionCommand,
    },
    /// Let an organisation's professionals sign in through its own identity provider (OIDC NL GOV).
    IdentityProvider {
        /// A SQLite file path or a postgres:// URL.
        #[arg(long, default_value = "regie.db", env = "REGIE_DATABASE")]
        database: String,
        /// The organisation, by its name in Regie.
        #[arg(long)]
        organisation: String,
        /// The provider's issuer (https); its discovery document is read from there.
        #[arg(long)]
        issuer: String,
        /// Regie's client id at the provider.
        #[arg(long)]
        client_id: String,
        /// A file with the RSA private key (PKCS#1 PEM) Regie signs its client assertions with; the provider
        /// has its public key.
        #[arg(long)]
        private_key: std::path::PathBuf,
        /// The key's id (`kid`) as the provider knows it.
        #[arg(long)]
        key_id: Option<String>,
        /// The ID token claim whose value is the professional's username in Regie.
        #[arg(long, default_value = "preferred_username", value_parser = regie_access::CLAIMS)]
        claim: String,
        /// The level of assurance a sign-in must reach at the provider, asked as `acr_values` and checked in
        /// the ID token's `acr` (e.g. http://eidas.europa.eu/LoA/substantial). Without it, Regie takes the
        /// provider's sign-in as it comes.
        #[arg(long)]
        acr: Option<String>,
    },
    /// Write a consistent copy of the database to a new file while the servers go on writing (SQLite:
    /// `VACUUM INTO`; PostgreSQL: `pg_dump`, which must be on PATH). See docs/operations.md.
    Backup {
        /// A SQLite file path or a postgres:// URL.
        #[arg(long, default_value = "regie.db", env = "REGIE_DATABASE")]
        database: String,
        /// The new backup file (never overwritten).
        #[arg(long)]
        to: std::path::PathBuf,
    },
    /// Put a backup back into a new SQLite file or an empty PostgreSQL database (`pg_restore`), migrate it
    /// and check its processing log.
    Restore {
        /// The backup file.
        #[arg(long)]
        from: std::path::PathBuf,
        /// A SQLite file path that does not exist yet, or the URL of an empty PostgreSQL database.
        #[arg(long, default_value = "regie.db", env = "REGIE_DATABASE")]
        database: String,
    },
    /// Print the OpenAPI document.
    Openapi,
    /// Fill a database with synthetic households, persons, cases and events (for benchmarks).
    Generate {
        /// A SQLite file path or a postgres:// URL.
        #[arg(long, default_value = "regie.db", env = "REGIE_DATABASE")]
        database: String,
        /// How many households.
        #[arg(long)]
        households: usize,
        /// How many signals about them (received by Veilig Thuis over the last six years).
        #[arg(long, default_value_t = 0)]
        signals: usize,
        /// Seed for reproducible data.
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// Measure latency and throughput on a database filled by `generate` (see docs/performance.md).
    Bench {
        /// A SQLite file path or a postgres:// URL.
        #[arg(long, default_value = "regie.db", env = "REGIE_DATABASE")]
        database: String,
        /// Operations per measurement.
        #[arg(long, default_value_t = 2000)]
        samples: usize,
        /// Concurrent clients for the throughput runs.
        #[arg(long, default_value_t = 16)]
        clients: usize,
        /// Measure only the municipality's figures for steering.
        #[arg(long)]
        figures: bool,
        /// Measure only appending events (the group commit and the processing log's chain).
        #[arg(long)]
        appends: bool,
        /// Measure only receiving signals and the radar.
        #[arg(long, conflicts_with_all = ["appends", "figures", "research"])]
        signals: bool,
        /// Measure only the reads, the list, the "known elsewhere" look-up and the radar, which write
        /// nothing but their log records: runs can alternate on one file.
        #[arg(long, conflicts_with_all = ["appends", "signals", "figures", "research"])]
        reads: bool,
        /// Measure only the researcher's journeys and one research export.
        #[arg(long)]
        research: bool,
    },
}

#[derive(Subcommand)]
enum RetentionCommand {
    /// Destroy every file past its retention now, then compact the database (the servers do this each
    /// night, one of them at a time), and print what was destroyed: no personal data.
    Run {
        /// A SQLite file path or a postgres:// URL.
        #[arg(long, default_value = "regie.db", env = "REGIE_DATABASE")]
        database: String,
    },
    /// Print every destruction record, newest first.
    List {
        /// A SQLite file path or a postgres:// URL.
        #[arg(long, default_value = "regie.db", env = "REGIE_DATABASE")]
        database: String,
    },
}

#[derive(Subcommand)]
enum LogCommand {
    /// Walk the hash chain and name the first record that was altered, removed or reordered (exit code 1).
    Verify {
        /// A SQLite file path or a postgres:// URL.
        #[arg(long, default_value = "regie.db", env = "REGIE_DATABASE")]
        database: String,
    },
    /// Write the records from a day on (Europe/Amsterdam) as JSON lines in the Logboek Dataverwerkingen's
    /// fields, for the organisation's central logbook; the data subjects pseudonymised.
    Export {
        /// A SQLite file path or a postgres:// URL.
        #[arg(long, default_value = "regie.db", env = "REGIE_DATABASE")]
        database: String,
        /// The first day, as 2026-12-31.
        #[arg(long)]
        since: String,
        /// Write to this file instead of standard output.
        #[arg(long)]
        out: Option<std::path::PathBuf>,
    },
}

#[derive(Subcommand)]
enum ImportCommand {
    /// Import signals from a UTF-8 CSV file with the header
    /// received_on,kind,source_category,reporter_name,reporter_organisation,shielded,acute,bsn,given_name,family_name,date_of_birth,observed.
    /// Every row is checked first; if any row is refused, nothing is imported and every refused row is listed
    /// with its line number.
    Signals {
        /// A SQLite file path or a postgres:// URL.
        #[arg(long, default_value = "regie.db", env = "REGIE_DATABASE")]
        database: String,
        /// The professional who imports (the signals are received by their organisation).
        #[arg(long)]
        user: String,
        /// The CSV file.
        file: std::path::PathBuf,
    },
}

#[derive(Subcommand)]
enum RegionCommand {
    /// List the regions.
    List {
        /// A SQLite file path or a postgres:// URL.
        #[arg(long, default_value = "regie.db", env = "REGIE_DATABASE")]
        database: String,
    },
    /// Create a region with the deployment's template of norms, route variant and help kinds.
    Create {
        /// A SQLite file path or a postgres:// URL.
        #[arg(long, default_value = "regie.db", env = "REGIE_DATABASE")]
        database: String,
        /// Its name, unique in the deployment.
        name: String,
    },
    /// Print a region's configuration as JSON.
    Show {
        /// A SQLite file path or a postgres:// URL.
        #[arg(long, default_value = "regie.db", env = "REGIE_DATABASE")]
        database: String,
        /// The region's name.
        name: String,
    },
    /// Change a region's norms and route variant: `key=value` with the field names `show` prints, e.g.
    /// `transfer=nee joint_work_rvt_leads=ja radar_years=7`. Nothing changes when any setting is wrong.
    Set {
        /// A SQLite file path or a postgres:// URL.
        #[arg(long, default_value = "regie.db", env = "REGIE_DATABASE")]
        database: String,
        /// The region's name.
        name: String,
        /// The settings.
        #[arg(required = true)]
        settings: Vec<String>,
    },
    /// Add an organisation to a region.
    AddOrganisation {
        /// A SQLite file path or a postgres:// URL.
        #[arg(long, default_value = "regie.db", env = "REGIE_DATABASE")]
        database: String,
        /// The region's name.
        region: String,
        /// The organisation's name, unique in the region.
        #[arg(long)]
        name: String,
        /// Its kind: local_team, vt, rvdk, gi, municipality, police, prosecutor, court, probation,
        /// care_provider, school or research.
        #[arg(long)]
        kind: String,
    },
    /// Add a professional to an organisation of a region (then `regie account password` gives them a
    /// password).
    AddProfessional {
        /// A SQLite file path or a postgres:// URL.
        #[arg(long, default_value = "regie.db", env = "REGIE_DATABASE")]
        database: String,
        /// The region's name.
        region: String,
        /// The organisation's name.
        #[arg(long)]
        organisation: String,
        /// The name of one of its teams.
        #[arg(long)]
        team: Option<String>,
        /// The username they sign in with.
        #[arg(long)]
        username: String,
        /// Their name as colleagues and families see it.
        #[arg(long)]
        name: String,
    },
    /// Add a team to an organisation of a region.
    AddTeam {
        /// A SQLite file path or a postgres:// URL.
        #[arg(long, default_value = "regie.db", env = "REGIE_DATABASE")]
        database: String,
        /// The region's name.
        region: String,
        /// The organisation's name.
        #[arg(long)]
        organisation: String,
        /// The team's name, unique in the organisation.
        #[arg(long)]
        name: String,
    },
}

#[derive(Subcommand)]
enum TokenCommand {
    /// Issue a fresh API token for a user and print it (only its hash is stored).
    Issue {
        /// A SQLite file path or a postgres:// URL.
        #[arg(long, default_value = "regie.db", env = "REGIE_DATABASE")]
        database: String,
        /// The professional's username.
        #[arg(long)]
        user: String,
    },
}

#[derive(Subcommand)]
enum AccountCommand {
    /// Set the password a professional signs in with (at least 12 characters, one line on standard input).
    Password {
        /// A SQLite file path or a postgres:// URL.
        #[arg(long, default_value = "regie.db", env = "REGIE_DATABASE")]
        database: String,
        /// The professional's username.
        #[arg(long)]
        user: String,
    },
    /// Give a professional a role for their organisation, or take it away (`--remove`): `reviewer` (judges
    /// emergency accesses), `administrator` (manages accounts and teams' contact details) or
    /// `region_administrator` (configures the region: route variant, organisations, teams, norms, catalogue).
    Role {
        /// A SQLite file path or a postgres:// URL.
        #[arg(long, default_value = "regie.db", env = "REGIE_DATABASE")]
        database: String,
        /// The professional's username.
        #[arg(long)]
        user: String,
        /// The role.
        #[arg(long, value_parser = ["reviewer", "administrator", "region_administrator"])]
        role: String,
        /// Take the role away instead.
        #[arg(long)]
        remove: bool,
    },
    /// Give a household member (a parent, or 12 or older) a portal account, or a new password.
    Portal {
        /// A SQLite file path or a postgres:// URL.
        #[arg(long, default_value = "regie.db", env = "REGIE_DATABASE")]
        database: String,
        /// The person's id (from the API: `GET /api/v1/households/{id}`).
        #[arg(long)]
        person: regie_domain::PersonId,
        /// The username they sign in with.
        #[arg(long)]
        user: String,
    },
    /// End the access of a professional who leaves their organisation, once the work in their name is handed
    /// over (refused while they are a family's fixed contact person, its RVT professional, a jeugdbeschermer
    /// of a measure or of a request at the court, or a Raad investigator): their sessions and API tokens end
    /// and they cannot sign in; `--undo` gives an access ended by mistake back. Both are recorded.
    End {
        /// A SQLite file path or a postgres:// URL.
        #[arg(long, default_value = "regie.db", env = "REGIE_DATABASE")]
        database: String,
        /// The professional's username.
        #[arg(long)]
        user: String,
        /// End it at once although work is still in their name (a dismissal on the spot): the work stays in
        /// their name until colleagues take it over.
        #[arg(long, conflicts_with = "undo")]
        despite_work: bool,
        /// Give the access back instead.
        #[arg(long)]
        undo: bool,
    },
    /// Remove an account's second factor and recovery codes (a lost phone) and end its sessions; the reset
    /// is recorded. Where a second factor is required, the professional sets up a new one at their next
    /// sign-in.
    ResetSecondFactor {
        /// A SQLite file path or a postgres:// URL.
        #[arg(long, default_value = "regie.db", env = "REGIE_DATABASE")]
        database: String,
        /// The account's username.
        #[arg(long)]
        user: String,
    },
}

/// Whether professionals must sign in with a second factor.
#[derive(Clone, Copy, clap::ValueEnum)]
enum SecondFactor {
    /// Every professional sets one up at their first sign-in and uses it at every sign-in.
    Required,
    /// Whoever switches one on uses it; nobody must.
    Optional,
}

/// One line from standard input, without its line ending.
fn read_password() -> Result<String> {
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .context("read the password from standard input")?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

#[tokio::main]
async fn main() -> Result<()> {
    let _telemetry = regie::telemetry::init()?;
    match Cli::parse().command {
        Command::Serve {
            listen,
            database,
            secure_cookies,
            second_factor,
            public_url,
            event_source,
            allow_loopback_webhooks,
        } => {
            let options = ServeOptions {
                demo: false,
                secure_cookies,
                second_factor,
                public_url,
                event_source,
                loopback_webhooks: allow_loopback_webhooks,
            };
            serve(&database, &listen, options).await
        }
        Command::Migrate { database } => {
            open(&database).await?;
            println!("migrated {}", redact(&database));
            Ok(())
        }
        Command::Demo {
            listen,
            database,
            second_factor,
            public_url,
            event_source,
        } => {
            // The demo runs on one machine: a receiver beside it may take its notifications.
            let options = ServeOptions {
                demo: true,
                secure_cookies: false,
                second_factor,
                public_url,
                event_source,
                loopback_webhooks: true,
            };
            serve(&database, &listen, options).await
        }
        Command::IdentityProvider {
            database,
            organisation,
            issuer,
            client_id,
            private_key,
            key_id,
            claim,
            acr,
        } => {
            let pem = std::fs::read_to_string(&private_key)
                .with_context(|| format!("read the private key from {}", private_key.display()))?;
            let access = open(&database).await?;
            let (key_id, acr) = (key_id.as_deref(), acr.as_deref());
            (access.set_identity_provider(&organisation, &issuer, &client_id, &pem, key_id, &claim, acr)).await?;
            println!("{organisation}'s professionals can sign in through {issuer}");
            Ok(())
        }
        Command::Account {
            command: AccountCommand::ResetSecondFactor { database, user },
        } => {
            let access = open(&database).await?;
            if access.reset_second_factor(&user).await? {
                println!(
                    "{user}'s second factor is reset and their sessions ended; they set up a new one at their next sign-in"
                );
            } else {
                println!("{user} had no second factor; the reset is recorded");
            }
            Ok(())
        }
        Command::Account {
            command:
                AccountCommand::End {
                    database,
                    user,
                    despite_work,
                    undo,
                },
        } => {
            let access = open(&database).await?;
            if !undo {
                access.end_access_as_operator(&user, despite_work).await?;
                println!("{user}'s access has ended: their sessions and API tokens are gone and they cannot sign in");
            } else if access.reinstate(&user).await? {
                println!("{user} has access again: they sign in with their password, or get a new one");
            } else {
                println!("{user}'s access had not ended; nothing changed");
            }
            Ok(())
        }
        Command::Account {
            command: AccountCommand::Password { database, user },
        } => {
            let access = open(&database).await?;
            access.set_professional_password(&user, &read_password()?).await?;
            println!("{user} can sign in with the new password");
            Ok(())
        }
        Command::Account {
            command:
                AccountCommand::Role {
                    database,
                    user,
                    role,
                    remove,
                },
        } => {
            let access = open(&database).await?;
            let role = regie_domain::Role::parse(&role)
                .context("the role is reviewer, administrator or region_administrator")?;
            if remove {
                access.dismiss(&user, role).await?;
                println!("{user} is no longer {} of their organisation", role.label_nl());
            } else {
                access.appoint(&user, role).await?;
                println!("{user} is now {} of their organisation", role.label_nl());
            }
            Ok(())
        }
        Command::Account {
            command: AccountCommand::Portal { database, person, user },
        } => {
            let access = open(&database).await?;
            access.set_family_password(&user, person, &read_password()?).await?;
            println!("{user} can sign in to the portal");
            Ok(())
        }
        Command::Token {
            command: TokenCommand::Issue { database, user },
        } => {
            let access = open(&database).await?;
            println!("{}", access.issue_token(&user).await?);
            Ok(())
        }
        Command::Generate {
            database,
            households,
            signals,
            seed,
        } => {
            let access = open(&database).await?;
            let start = std::time::Instant::now();
            // On a terminal only: the bar with its rate and the time left (indicatif draws nothing otherwise).
            let bar = indicatif::ProgressBar::new(u64::try_from(households)?).with_style(
                indicatif::ProgressStyle::with_template(
                    "{elapsed_precise} {wide_bar} {human_pos}/{human_len} households, {rate}, {eta} left\n{msg}",
                )?
                .with_key("rate", |s: &indicatif::ProgressState, w: &mut dyn std::fmt::Write| {
                    // Whole households a second: the default shows four decimals.
                    let _ = write!(w, "{:.0}/s", s.per_sec());
                }),
            );
            let total = regie::generate::generate(&access, households, signals, seed, |g| {
                bar.set_position(u64::try_from(g.households).unwrap_or(u64::MAX));
                let mut message = format!(
                    "{} persons, {} cases, {} events, {} signals",
                    g.persons, g.cases, g.events, g.signals
                );
                if g.households >= households {
                    // A million households' indexes take minutes: say so, and let the elapsed time go on.
                    message.push_str("; building the search index and the indexes");
                    bar.enable_steady_tick(std::time::Duration::from_secs(1));
                }
                bar.set_message(message);
            })
            .await?;
            bar.finish_and_clear();
            println!(
                "generated {} households, {} persons, {} cases, {} events and {} signals in {:.1} s",
                total.households,
                total.persons,
                total.cases,
                total.events,
                total.signals,
                start.elapsed().as_secs_f64()
            );
            Ok(())
        }
        Command::Bench {
            database,
            samples,
            clients,
            figures,
            research,
            appends,
            signals,
            reads,
        } => {
            let store = open_store(&database).await?;
            let results = if figures {
                let access = Access::new(store);
                println!("forecast: {}", regie::bench::forecast_backtest(&access).await?);
                vec![regie::bench::figures(&access, samples, clients).await?]
            } else if research {
                let access = Access::new(store);
                let e = regie::bench::export(&access).await?;
                println!(
                    "research export of 36 months: {} cases, {} lines, k {:?}, level {:?}; first line after {:.2} s, all after {:.2} s; peak memory {} MiB",
                    e.cases,
                    e.lines,
                    e.k,
                    e.level,
                    e.first_line.as_secs_f64(),
                    e.total.as_secs_f64(),
                    e.peak_mib.map_or("?".to_owned(), |m| m.to_string())
                );
                vec![regie::bench::journeys(&access, samples, clients).await?]
            } else {
                let part = match (appends, signals, reads) {
                    (true, _, _) => regie::bench::Part::Appends,
                    (_, true, _) => regie::bench::Part::Signals,
                    (_, _, true) => regie::bench::Part::Reads,
                    _ => regie::bench::Part::All,
                };
                regie::bench::run(store, samples, clients, part).await?
            };
            println!(
                "| operation | samples | p50 | p99 | max | ops/s, 1 client | ops/s, {clients} clients \
                 | bare p50 | bare p99 | bare ops/s, {clients} clients | p50 / bare p50 |"
            );
            println!("|---|---|---|---|---|---|---|---|---|---|---|");
            let ms = |d: std::time::Duration| format!("{:.2} ms", d.as_secs_f64() * 1e3);
            for m in results {
                let (bare_p50, bare_p99, bare_rate, ratio) = match (&m.bare, m.ratio()) {
                    (Some(b), Some(r)) => (
                        ms(b.p50),
                        ms(b.p99),
                        format!("{:.0}", b.concurrent_per_second),
                        format!("{r:.1}×"),
                    ),
                    _ => Default::default(),
                };
                println!(
                    "| {} | {} | {} | {} | {} | {:.0} | {:.0} | {bare_p50} | {bare_p99} | {bare_rate} | {ratio} |",
                    m.name,
                    m.samples,
                    ms(m.p50),
                    ms(m.p99),
                    ms(m.max),
                    m.sequential_per_second,
                    m.concurrent_per_second
                );
            }
            Ok(())
        }
        Command::Region { command } => {
            print!("{}", region(command).await?);
            Ok(())
        }
        Command::Worklist {
            database,
            user,
            team,
            of,
        } => {
            let access = open(&database).await?;
            let text = match of {
                Some(colleague) => regie::worklist::of_colleague(&access, &user, &colleague).await?,
                None => regie::worklist::run(&access, &user, team).await?,
            };
            print!("{text}");
            Ok(())
        }
        Command::Import {
            command: ImportCommand::Signals { database, user, file },
        } => {
            let access = open(&database).await?;
            println!("{}", regie::import::signals(&access, &user, &file).await?);
            Ok(())
        }
        Command::Backup { database, to } => {
            regie::backup::backup(&database, &to).await?;
            println!("backed up {} to {}", redact(&database), to.display());
            Ok(())
        }
        Command::Restore { from, database } => {
            let restored = regie::backup::restore(&from, &database).await?;
            println!(
                "restored {} into {}: the processing log is intact, {} records checked",
                from.display(),
                redact(&database),
                restored.log_records
            );
            Ok(())
        }
        Command::Log {
            command: LogCommand::Verify { database },
        } => {
            let check = open(&database).await?.verify_log().await?;
            match check.problem {
                None => {
                    println!("the processing log is intact: {} records checked", check.records);
                    Ok(())
                }
                Some(problem) => {
                    println!("the processing log was tampered with: {problem}");
                    std::process::exit(1);
                }
            }
        }
        Command::Log {
            command: LogCommand::Export { database, since, out },
        } => {
            let day = regie_domain::time::parse_date("since", &since)
                .map_err(|e| anyhow::anyhow!("--since: {} ({})", e.en, e.nl))?;
            let since = day
                .to_zoned(regie_domain::time::zone())
                .context("--since: that day has no start in Europe/Amsterdam")?
                .timestamp();
            let access = open(&database).await?;
            let written = match out {
                Some(path) => {
                    let file = std::fs::File::create(&path).with_context(|| format!("create {}", path.display()))?;
                    let mut writer = std::io::BufWriter::new(file);
                    let n = access.export_log(since, &mut writer).await?;
                    std::io::Write::flush(&mut writer).context("write the export")?;
                    n
                }
                None => access.export_log(since, &mut std::io::stdout().lock()).await?,
            };
            eprintln!("exported {written} records");
            Ok(())
        }
        Command::Retention {
            command: RetentionCommand::Run { database },
        } => {
            let run = open(&database)
                .await?
                .retention_run(regie_domain::time::today())
                .await?;
            println!("{} files past their retention destroyed", run.destroyed.len());
            print_destructions(&run.destroyed);
            for failure in &run.failed {
                eprintln!("a file past its retention was not destroyed (tried again next run): {failure}");
            }
            if !run.failed.is_empty() {
                std::process::exit(1);
            }
            Ok(())
        }
        Command::Retention {
            command: RetentionCommand::List { database },
        } => {
            print_destructions(&open(&database).await?.destructions().await?);
            Ok(())
        }
        Command::Openapi => {
            print!("{}", regie_web::openapi_json());
            Ok(())
        }
    }
}

/// One line per destruction record: when, under which rule, how many records of each kind.
fn print_destructions(records: &[regie_domain::retention::DestructionRecord]) {
    for r in records {
        let counts: Vec<String> = r.records.iter().map(|(table, n)| format!("{table} {n}")).collect();
        println!("{}  {}  {}", r.at, r.rule.as_str(), counts.join(", "));
    }
}

/// Connects and migrates.
/// Runs a `regie region` command and returns what to print.
async fn region(command: RegionCommand) -> Result<String> {
    Ok(match command {
        RegionCommand::List { database } => regie::region::list(&open(&database).await?).await?,
        RegionCommand::Create { database, name } => {
            let region = open(&database).await?.create_region(&name).await?;
            format!("{} is aangemaakt\n", region.name)
        }
        RegionCommand::Show { database, name } => {
            format!("{}\n", regie::region::show(&open(&database).await?, &name).await?)
        }
        RegionCommand::Set {
            database,
            name,
            settings,
        } => format!(
            "{}\n",
            regie::region::set(&open(&database).await?, &name, &settings).await?
        ),
        RegionCommand::AddOrganisation {
            database,
            region,
            name,
            kind,
        } => {
            let access = open(&database).await?;
            let region = access.region_named(&region).await?;
            let o = access.add_organisation(region.id, &name, &kind).await?;
            format!("{} is toegevoegd aan {}\n", o.name, region.name)
        }
        RegionCommand::AddProfessional {
            database,
            region,
            organisation,
            team,
            username,
            name,
        } => {
            let access = open(&database).await?;
            let region = access.region_named(&region).await?;
            let p = access
                .add_professional(region.id, &organisation, team.as_deref(), &username, &name)
                .await?;
            format!("{} ({}) is toegevoegd aan {organisation}\n", p.display_name, p.username)
        }
        RegionCommand::AddTeam {
            database,
            region,
            organisation,
            name,
        } => {
            let access = open(&database).await?;
            let region = access.region_named(&region).await?;
            let settings = access.region_settings(&region).await?;
            let org = (settings.organisations.iter())
                .find(|(o, _)| o.name.eq_ignore_ascii_case(organisation.trim()))
                .with_context(|| format!("{} has no organisation {organisation}", region.name))?;
            let t = access.add_team(region.id, org.0.id, &name).await?;
            format!("{} is toegevoegd aan {}\n", t.name, org.0.name)
        }
    })
}

async fn open(database: &str) -> Result<Access> {
    Ok(Access::new(open_store(database).await?))
}

/// Connects and migrates, returning the store itself (the server needs it for the router).
async fn open_store(database: &str) -> Result<Arc<dyn regie_store::Store>> {
    let store = regie_store::connect(database)
        .await
        .with_context(|| format!("open the database {}", redact(database)))?;
    store.migrate().await.context("migrate the database")?;
    Ok(store)
}

/// A database URL without its password, for messages.
fn redact(database: &str) -> String {
    match (database.find("://"), database.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => format!("{}://…{}", &database[..scheme], &database[at..]),
        _ => database.to_owned(),
    }
}

/// How `regie serve` and `regie demo` run.
struct ServeOptions {
    /// Create the demo region first and print its users.
    demo: bool,
    secure_cookies: bool,
    second_factor: SecondFactor,
    /// The API's address for partner systems; the listening address when not given.
    public_url: Option<String>,
    event_source: String,
    /// Webhooks may go to plain http on loopback.
    loopback_webhooks: bool,
}

async fn serve(database: &str, listen: &str, options: ServeOptions) -> Result<()> {
    let ServeOptions {
        demo,
        secure_cookies,
        second_factor,
        public_url,
        event_source,
        loopback_webhooks,
    } = options;
    let store = open_store(database).await?;
    let access = Access::new(store.clone())
        .requiring_second_factor(matches!(second_factor, SecondFactor::Required))
        .allowing_loopback_endpoints(loopback_webhooks);
    if demo && access.regions().await?.is_empty() {
        eprintln!("Creating the demo region Regio Voorbeeld in {} …", redact(database));
        demo::seed(&access).await?;
    }
    let app = Application::build(access.clone(), listen, secure_cookies)
        .await
        .with_context(|| format!("listen on {listen}"))?;
    let url = format!("http://{}", app.local_addr()?);
    if demo {
        println!("Regie demo (Regio Voorbeeld) runs at {url}");
        println!(
            "Open {url}/ in a browser and sign in as any demo user below with the password {}",
            demo::DEMO_PASSWORD
        );
        println!("API documentation: {url}/api/openapi.json");
        println!("Sign in to the API with a bearer token. Fresh tokens for the demo users:");
        for (username, name, organisation) in demo::USERS {
            let token = access.issue_token(username).await?;
            println!("  {username:<28} {name}, {organisation}\n  {:<28} {token}", "");
        }
        println!("Family members use the portal in the browser (no API token):");
        for (username, who) in demo::FAMILY_USERS {
            println!("  {username:<28} {who}");
        }
        println!("Try: curl -H 'Authorization: Bearer <token>' {url}/api/v1/households");
        if matches!(second_factor, SecondFactor::Optional) {
            println!("A second factor is optional in the demo; switch it on under 'Tweede factor' once signed in.");
        }
    } else {
        println!("Regie runs at {url}");
    }
    tracing::info!(%url, backend = store.backend(), "serving");
    let notifications = regie_access::NotificationSettings {
        public_url: public_url
            .unwrap_or_else(|| url.clone())
            .trim_end_matches('/')
            .to_owned(),
        source: event_source,
    };
    tokio::spawn(access.clone().deliver_forever(notifications));
    tokio::spawn(nightly(access));
    app.serve().await.context("serve")
}

/// The hour (Europe/Amsterdam) at which the servers destroy the files past their retention.
const NIGHTLY_HOUR: i8 = 3;

/// Each night at [`NIGHTLY_HOUR`], the retention run: the first server to claim the day runs it, the others
/// skip it. Failures are logged, without personal data, and tried again the next night.
async fn nightly(access: Access) {
    loop {
        let now = regie_domain::time::now();
        let zone = regie_domain::time::zone();
        let day = regie_domain::time::date_in_nl(now);
        let at = |d: jiff::civil::Date| (d.at(NIGHTLY_HOUR, 0, 0, 0).to_zoned(zone.clone())).map(|z| z.timestamp());
        let next = match at(day) {
            Ok(t) if t > now => Ok(t),
            _ => at(day.tomorrow().unwrap_or(day)),
        };
        let wait = next.map_or(3600.0, |t| (t - now).total(jiff::Unit::Second).unwrap_or(3600.0));
        tokio::time::sleep(std::time::Duration::from_secs_f64(wait.max(1.0))).await;
        match access.nightly_retention().await {
            Ok(Some(run)) => {
                tracing::info!(
                    destroyed = run.destroyed.len(),
                    failed = run.failed.len(),
                    "nightly retention run"
                );
                for failure in run.failed {
                    tracing::error!(error = %failure, "a file past its retention was not destroyed");
                }
            }
            Ok(None) => tracing::info!("nightly retention run done by another server"),
            Err(e) => tracing::error!(error = %e, "nightly retention run failed"),
        }
    }
}
