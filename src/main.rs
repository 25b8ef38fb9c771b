fn main() -> std::process::ExitCode {
    suivi::cli::main()
}
