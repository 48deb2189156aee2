fn main() -> std::process::ExitCode {
    axumgen::cli::run()
}
