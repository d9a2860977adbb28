//! The `sprx` binary: hand the arguments to the library and exit with its status.

fn main() -> std::process::ExitCode {
    sprx::main(std::env::args_os())
}
