struct App;

impl App {
    #[edge::main]
    fn handler(&self) -> edge::Response {
        edge::Response::new("Hello World".into())
    }
}

fn main() {}
