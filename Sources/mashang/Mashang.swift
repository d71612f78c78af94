import ArgumentParser

@main
struct Mashang: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mashang",
        abstract: "码上 Mashang — joint request handling for an enterprise community and the local authorities.",
        subcommands: [
            Serve.self, Migrate.self, Seed.self, UserCommand.self, KeyCommand.self, Backup.self, Restore.self, Export.self, Import.self,
            Verify.self,
        ],
        defaultSubcommand: Serve.self
    )
}
