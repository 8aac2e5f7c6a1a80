#![forbid(unsafe_code)]
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // A missing .env is normal; a broken one is worth saying, but not worth stopping for
    // when the environment already holds everything.
    if let Err(error) = dotenvy::dotenv()
        && !error.not_found()
    {
        eprintln!("caravan: .env: {error}");
    }
    let cli = caravan::cli::Cli::parse();
    caravan::telemetry::init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("caravan: cannot start the async runtime: {error}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(caravan::cli::run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("caravan: {error:#}");
            ExitCode::FAILURE
        }
    }
}
